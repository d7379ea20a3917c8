/** One record as the validator receives it: Kafka coordinates, raw key and value bytes, text headers. */
export interface IncomingRecord {
  topic: string;
  partition: number;
  offset: string;
  /** The record's timestamp: when it was submitted, used as "now" for date rules. */
  timestamp: Date;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}
