import { classifyPublishError } from './classify-publish-error';
import { KafkaUnavailableError } from './kafka-unavailable.error';
import { NotEnoughReplicasError } from './not-enough-replicas.error';
import { PublishFailedError } from './publish-failed.error';

describe('classifyPublishError', () => {
  it('finds NOT_ENOUGH_REPLICAS inside KafkaJS retries-exceeded wrappers', () => {
    const cause = Object.assign(
      new Error('Messages are rejected since there are fewer in-sync replicas than required'),
      {
        name: 'KafkaJSProtocolError',
        type: 'NOT_ENOUGH_REPLICAS',
      },
    );
    const wrapped = Object.assign(new Error('retries exceeded'), {
      name: 'KafkaJSNumberOfRetriesExceeded',
      cause,
    });
    const error = classifyPublishError(wrapped, 'toll.charges.v1');
    expect(error).toBeInstanceOf(NotEnoughReplicasError);
    expect(error.retriable).toBe(true);
    expect(error.message).toContain('toll.charges.v1');
  });

  it('connection failures are KafkaUnavailableError', () => {
    const error = classifyPublishError(
      Object.assign(new Error('Connection error: ECONNREFUSED'), {
        name: 'KafkaJSConnectionError',
      }),
      't',
    );
    expect(error).toBeInstanceOf(KafkaUnavailableError);
  });

  it('anything else stays a PublishFailedError with its message', () => {
    const error = classifyPublishError(new Error('boom'), 't');
    expect(error.constructor).toBe(PublishFailedError);
    expect(error.message).toContain('boom');
  });
});
