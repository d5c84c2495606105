import { Consumer, ConsumerSubscribeTopics } from 'kafkajs';

/** What a broker answers for a topic it has not yet learned about from the controller. */
const NOT_YET_KNOWN = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

export interface SubscribeWhenKnownOptions {
  /** Give up after this long (default 60 s). */
  timeoutMs?: number;
  /** Pause between attempts (default 500 ms). */
  intervalMs?: number;
}

/**
 * `consumer.subscribe`, retried while the topic is still unknown to the broker
 * asked. A topic that was just created has a leader before every broker knows
 * it; KafkaJS asks one randomly chosen broker for metadata and, when that one
 * lags, fails the subscription after its own short retries (seen on a busy
 * three-broker cluster). A failed attempt leaves the consumer's target topics
 * as they were, so trying again is safe.
 */
export async function subscribeWhenKnown(
  consumer: Pick<Consumer, 'subscribe'>,
  subscription: ConsumerSubscribeTopics,
  options: SubscribeWhenKnownOptions = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await consumer.subscribe(subscription);
      return;
    } catch (error) {
      const type = (error as { type?: string }).type ?? '';
      if (!NOT_YET_KNOWN.has(type) || Date.now() + (options.intervalMs ?? 500) > deadline) {
        throw error;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 500));
  }
}
