import { PublishFailedError } from './publish-failed.error';

/**
 * A newer producer took over this transactional id (Kafka bumped the epoch):
 * the broker refused this producer's writes and aborted its open transaction,
 * so nothing of the failed send is visible to read_committed consumers.
 */
export class ProducerFencedError extends PublishFailedError {
  constructor(
    readonly transactionalId: string,
    cause?: unknown,
  ) {
    super(
      `producer fenced: another producer took over transactional id "${transactionalId}"; ` +
        'its open transaction was aborted',
      false,
      cause,
    );
    this.name = 'ProducerFencedError';
  }
}
