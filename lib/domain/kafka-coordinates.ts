/** Where a record sits in Kafka: enough to read it again. */
export interface KafkaCoordinates {
  topic: string;
  partition: number;
  offset: string;
}
