import { PublishFailedError } from './publish-failed.error';

/**
 * The client reported a send as acknowledged, but no acknowledgement came back
 * for some partitions that were given records. KafkaJS 2.2.4 can do this when a
 * partition's leader moves during its own retries (it skips the new leader if
 * that broker already answered for other partitions: tulios/kafkajs#1303).
 * The records may be missing from Kafka, so the send counts as failed.
 */
export class PartitionsNotAcknowledgedError extends PublishFailedError {
  constructor(readonly missing: readonly string[]) {
    super(
      `no acknowledgement for ${missing.join(', ')} although the send reported success; ` +
        'the records there may not be on Kafka and must be sent again',
      true,
    );
    this.name = 'PartitionsNotAcknowledgedError';
  }
}
