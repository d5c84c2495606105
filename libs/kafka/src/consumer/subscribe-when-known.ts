import { Consumer, ConsumerSubscribeTopics } from 'kafkajs';
import { isTopicNotReadyYet } from '../admin/topic-not-ready';

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
 * three-broker cluster). Trying again is safe: after an unknown topic KafkaJS
 * drops it from its target topics, and after a missing leader it keeps it and
 * the consumer's own metadata refreshes catch up.
 */
export async function subscribeWhenKnown(
  consumer: Pick<Consumer, 'subscribe'>,
  subscription: ConsumerSubscribeTopics,
  options: SubscribeWhenKnownOptions = {},
): Promise<void> {
  const intervalMs = options.intervalMs ?? 500;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    try {
      await consumer.subscribe(subscription);
      return;
    } catch (error) {
      if (!isTopicNotReadyYet(error) || Date.now() + intervalMs > deadline) {
        throw error;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
