/**
 * One message as the validator receives it, whatever carried it: the payload bytes exactly
 * as sent, the headers with its trace ids, the key its producer gave, when it was sent, and
 * where it came from. A transport's adapter builds it from the events Lambda delivers
 * (lib/adapters/kafka/lambda-kafka-event.ts for Kafka); nothing here knows the transport.
 */
import type { MessageOrigin } from './message-origin';

export interface IncomingMessage {
  origin: MessageOrigin;
  /**
   * The id of a message that carries no usable message-id header, from where it sits, so a
   * redelivery of it gets the same id (Kafka: topic-partition-offset).
   */
  fallbackId: string;
  /** When it was sent: "now" for the date rules. */
  timestamp: Date;
  key: Buffer | null;
  payload: Buffer | null;
  headers: Record<string, string>;
}
