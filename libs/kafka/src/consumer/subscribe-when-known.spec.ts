import { subscribeWhenKnown } from './subscribe-when-known';

/** A KafkaJS-shaped protocol error: only `type` is read. */
const kafkaError = (type: string) => Object.assign(new Error(type), { type });

describe('subscribeWhenKnown', () => {
  const subscription = { topics: ['toll.charges.v1'], fromBeginning: true };

  it('retries while the broker does not know the topic yet, then subscribes', async () => {
    const answers = [kafkaError('UNKNOWN_TOPIC_OR_PARTITION'), kafkaError('LEADER_NOT_AVAILABLE')];
    const subscribe = jest.fn(async () => {
      const next = answers.shift();
      if (next) throw next;
    });
    await subscribeWhenKnown({ subscribe }, subscription, { intervalMs: 1 });
    expect(subscribe).toHaveBeenCalledTimes(3);
    expect(subscribe).toHaveBeenLastCalledWith(subscription);
  });

  it('does not retry other errors', async () => {
    const subscribe = jest.fn(async () => {
      throw kafkaError('TOPIC_AUTHORIZATION_FAILED');
    });
    await expect(
      subscribeWhenKnown({ subscribe }, subscription, { intervalMs: 1 }),
    ).rejects.toThrow('TOPIC_AUTHORIZATION_FAILED');
    expect(subscribe).toHaveBeenCalledTimes(1);
  });

  it('gives up with the broker error once the time is up', async () => {
    const subscribe = jest.fn(async () => {
      throw kafkaError('UNKNOWN_TOPIC_OR_PARTITION');
    });
    await expect(
      subscribeWhenKnown({ subscribe }, subscription, { timeoutMs: 30, intervalMs: 5 }),
    ).rejects.toThrow('UNKNOWN_TOPIC_OR_PARTITION');
    expect(subscribe.mock.calls.length).toBeGreaterThan(1);
  });
});
