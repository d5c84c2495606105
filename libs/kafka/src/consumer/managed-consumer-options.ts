import { RetryPolicy } from '@paystream/retry';
import { Kafka } from 'kafkajs';
import { z } from 'zod';
import { ConsumedRecord } from './consumed-record';
import { ConsumerLogger } from './consumer-logger';
import { RecordRejectedError } from './record-rejected.error';
import { RecordSink } from './record-sink';

/** A record the batch handler could not use: the consumer dead-letters it after the batch. */
export interface RejectedRecord<T> {
  record: ConsumedRecord<T>;
  error: RecordRejectedError;
}

/**
 * What the handler receives (DESIGN: "a consumer can receive the bare value
 * or a wrapper"): the validated value only, the wrapper with key, headers and
 * coordinates, or a whole fetched batch of wrappers (for sinks that write one
 * transaction per batch).
 */
export type Delivery<T> =
  | { deliver: 'value'; handle: (value: T) => Promise<void> }
  | { deliver: 'record'; handle: (record: ConsumedRecord<T>) => Promise<void> }
  | {
      deliver: 'batch';
      handle: (
        records: ConsumedRecord<T>[],
        context: { topic: string; partition: number },
      ) => Promise<RejectedRecord<T>[] | void>;
    };

export interface BatchObservation {
  topic: string;
  partition: number;
  size: number;
  /** Records behind the partition's high watermark after this batch (from the fetch response). */
  lag: bigint;
}

export interface ManagedConsumerOptions<T> {
  kafka: Kafka;
  groupId: string;
  topic: string;
  /** Validation hook: every value is parsed as JSON and checked against it before the handler sees it. */
  schema: z.ZodType<T>;
  delivery: Delivery<T>;
  /** Unparseable, invalid or rejected records go here, with DLQ_HEADERS, and the consumer keeps going. */
  deadLetters: { topic: string; sink: RecordSink };
  /** Records of one partition in flight at once (different keys; one key is always serial). Default 1. */
  concurrencyPerPartition?: number;
  /** Partitions this member works on at the same time. Default 1. */
  partitionsConsumedConcurrently?: number;
  /**
   * Default 500. Batch delivery: records per handler call (one transaction in
   * the sink); a larger fetch is handled in such chunks, each committed. Record
   * delivery: records taken from one fetch; the rest is fetched again after
   * they are committed. Bounds the work between membership and stop checks.
   */
  maxRecordsPerBatch?: number;
  /** Where a group with no committed offset starts. Default true: a charge must never be skipped. */
  fromBeginning?: boolean;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** How often progress inside a long batch is committed. Default 1000 ms. */
  commitIntervalMs?: number;
  /** Backoff of a partition paused after a handler failure (dependency down). */
  pausePolicy?: RetryPolicy;
  logger?: ConsumerLogger;
  onBatch?: (observation: BatchObservation) => void;
}
