import {
  KafkaUnavailableError,
  NotEnoughReplicasError,
  PartitionsNotAcknowledgedError,
} from '@paystream/kafka';
import { PublisherFencedError } from './publisher-fenced.error';
import { RelayFencedError } from './relay-fenced.error';

/**
 * Whether a failed send may be the fault of a row in it (an unknown topic —
 * KafkaJS reports it as "does not host this topic-partition" —, a record too
 * large, an invalid record) rather than of Kafka as a whole. Kafka being
 * unreachable or short of replicas is never a row's fault: those rows wait.
 */
export function mayBeOneRowsFault(error: unknown): boolean {
  return !(
    error instanceof KafkaUnavailableError ||
    error instanceof NotEnoughReplicasError ||
    error instanceof PartitionsNotAcknowledgedError ||
    error instanceof RelayFencedError ||
    error instanceof PublisherFencedError ||
    (error instanceof Error && /\(connect\)/.test(error.message))
  );
}
