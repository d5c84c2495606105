import { classifyPublishError } from './classify-publish-error';
import { KafkaUnavailableError } from './kafka-unavailable.error';
import { NotEnoughReplicasError } from './not-enough-replicas.error';
import { ProducerFencedError } from './producer-fenced.error';
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

  it('an old epoch is ProducerFencedError for a transactional sender, and only for one', () => {
    const epoch = Object.assign(new Error('Producer attempted an operation with an old epoch'), {
      name: 'KafkaJSProtocolError',
      type: 'INVALID_PRODUCER_EPOCH',
    });
    const fenced = classifyPublishError(epoch, 't', 'relay-tx');
    expect(fenced).toBeInstanceOf(ProducerFencedError);
    expect(fenced.retriable).toBe(false);
    expect(fenced.message).toContain('relay-tx');
    expect(classifyPublishError(epoch, 't')).not.toBeInstanceOf(ProducerFencedError);
  });

  it('a transaction coordinator that is down is Kafka being unavailable, not a bad record', () => {
    const error = classifyPublishError(
      Object.assign(
        new Error("The coordinator is loading and hence can't process requests for this group"),
        { name: 'KafkaJSProtocolError', type: 'GROUP_LOAD_IN_PROGRESS' },
      ),
      't',
      'relay-tx',
    );
    expect(error).toBeInstanceOf(KafkaUnavailableError);
    expect(error.message).toMatch(/^Kafka unavailable: The coordinator is loading/);
  });
});
