/**
 * Kafka refused the publisher because a newer one took over its transactional
 * id. Either this relay was replaced (then its lease has lapsed too) or a
 * relay that lost its lease reconnected for a moment; the relay tells which.
 */
export class PublisherFencedError extends Error {
  constructor(cause: Error) {
    super(`publisher fenced by Kafka: ${cause.message}`, { cause });
    this.name = 'PublisherFencedError';
  }
}
