import { PublishFailedError } from './publish-failed.error';

/** No broker (or no partition leader) could be reached: Kafka is down or moving leaders. */
export class KafkaUnavailableError extends PublishFailedError {
  constructor(detail: string, cause?: unknown) {
    super(`Kafka unavailable: ${detail}`, true, cause);
    this.name = 'KafkaUnavailableError';
  }
}
