import { PublishFailedError } from './publish-failed.error';

/**
 * acks=all could not be honoured: fewer in-sync replicas than
 * min.insync.replicas. Nothing was acknowledged; keep the records and retry
 * once brokers are back (the leader refuses rather than risk losing them).
 */
export class NotEnoughReplicasError extends PublishFailedError {
  constructor(
    readonly topic: string,
    cause?: unknown,
  ) {
    super(
      `not enough in-sync replicas for ${topic}: the broker refused the write because fewer than ` +
        'min.insync.replicas brokers hold the partition; records were not acknowledged',
      true,
      cause,
    );
    this.name = 'NotEnoughReplicasError';
  }
}
