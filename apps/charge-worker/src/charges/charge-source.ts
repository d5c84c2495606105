/**
 * The original Kafka record of a charge, carried into retry jobs so that a
 * charge that finally fails can be dead-lettered exactly as it was read.
 */
export interface ChargeSource {
  key: string | null;
  /** The original value (JSON text). */
  value: string;
  headers: Record<string, string>;
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
}
