import { IHeaders, KafkaMessage } from 'kafkajs';

/**
 * The wrapper a consumer can ask for instead of the bare value: the key routes
 * and orders (it is not unique), the value is the validated event, headers and
 * coordinates say where it came from.
 */
export interface ConsumedRecord<T> {
  key: string | null;
  value: T;
  headers: Record<string, string>;
  topic: string;
  partition: number;
  /** Kafka offsets are int64: kept as strings. */
  offset: string;
  /** Broker/producer timestamp, ms since epoch as a string (as KafkaJS gives it). */
  timestamp: string;
}

/** Raw record as read: value still bytes (used for dead-lettering unreadable records). */
export type RawRecord = ConsumedRecord<Buffer | null>;

export function toRawRecord(topic: string, partition: number, message: KafkaMessage): RawRecord {
  return {
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value,
    headers: headersToStrings(message.headers),
    topic,
    partition,
    offset: message.offset,
    timestamp: message.timestamp,
  };
}

/** KafkaJS headers are Buffers (or arrays of them); Paystream headers are UTF-8 strings. */
export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined)
      out[name] = Buffer.isBuffer(last) ? last.toString('utf8') : String(last);
  }
  return out;
}
