import { DLQ_HEADERS } from '@paystream/contracts';
import { OutgoingRecord } from '../producer/outgoing-record';
import { RawRecord } from './consumed-record';

export interface DeadLetterCause {
  reason: string;
  errorClass: string;
  attempts: number;
  consumerGroup: string;
}

/** Where a dead letter came from: the original record's bytes and coordinates. */
export interface DeadLetterSource {
  key: string | null;
  value: Buffer | string | null;
  headers: Record<string, string>;
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
}

/**
 * The dead letter keeps the original key, value and headers untouched (so it
 * can be replayed as it was) and adds dlq-* headers saying why, how often and
 * from where.
 */
export function buildDeadLetter(
  source: DeadLetterSource | RawRecord,
  cause: DeadLetterCause,
  now = new Date(),
): OutgoingRecord {
  const original = Object.fromEntries(
    Object.entries(source.headers).filter(([name]) => !name.startsWith('dlq-')),
  );
  return {
    // Plates are never empty, so '' unambiguously means "the original had no key".
    key: source.key ?? '',
    value: source.value ?? '',
    headers: {
      ...original,
      [DLQ_HEADERS.reason]: cause.reason.slice(0, 1_000),
      [DLQ_HEADERS.errorClass]: cause.errorClass,
      [DLQ_HEADERS.attempts]: String(cause.attempts),
      [DLQ_HEADERS.failedAt]: now.toISOString(),
      [DLQ_HEADERS.consumerGroup]: cause.consumerGroup,
      [DLQ_HEADERS.originalTopic]: source.topic,
      [DLQ_HEADERS.originalPartition]: String(source.partition),
      [DLQ_HEADERS.originalOffset]: source.offset,
      [DLQ_HEADERS.originalTimestamp]: source.timestamp,
    },
  };
}
