import {
  classifyPublishError,
  EventProducer,
  ProducerFencedError,
  TopicRecords,
} from '@paystream/kafka';
import { OutboxPublisher } from './outbox-publisher';
import { OutboxRow } from './outbox-row';
import { PublisherFencedError } from './publisher-fenced.error';

/**
 * Publishes outbox rows with an EventProducer: the row's topic, key and
 * headers, the payload's JSON text as the value, byte for byte. Consecutive rows of one topic go in
 * one batch, in id order, so per-key order is kept.
 */
export class KafkaOutboxPublisher implements OutboxPublisher {
  private producer: EventProducer | undefined;

  constructor(private readonly createProducer: () => EventProducer) {}

  get isConnected(): boolean {
    return this.producer?.isConnected ?? false;
  }

  /** Connects eagerly (readiness, and with transactions the takeover in Kafka). */
  async connect(beforeConnect?: () => void): Promise<void> {
    beforeConnect?.();
    await this.ensureProducer();
  }

  async publish(rows: OutboxRow[], beforeEachSend?: () => void): Promise<void> {
    // A transactional producer fences its predecessor when it connects: only with permission.
    beforeEachSend?.();
    try {
      const producer = await this.ensureProducer();
      await producer.sendBatch(groupConsecutiveByTopic(rows), { beforeEachSend });
    } catch (error) {
      if (error instanceof ProducerFencedError) throw new PublisherFencedError(error);
      throw error;
    }
  }

  /**
   * A fresh producer after a failed send: KafkaJS's idempotent producer keeps
   * per-partition sequence numbers, and a batch that failed half-way can leave
   * them out of step with the broker (OUT_OF_ORDER_SEQUENCE_NUMBER forever).
   */
  async reset(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.reset();
  }

  private async ensureProducer(): Promise<EventProducer> {
    if (this.producer) return this.producer;
    const producer = this.createProducer();
    try {
      await producer.connect();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw classifyPublishError(error, '(connect)', producer.transactionalId);
    }
    this.producer = producer;
    return producer;
  }
}

function groupConsecutiveByTopic(rows: OutboxRow[]): TopicRecords[] {
  const batches: TopicRecords[] = [];
  for (const row of rows) {
    let last = batches[batches.length - 1];
    if (!last || last.topic !== row.topic) {
      last = { topic: row.topic, records: [] };
      batches.push(last);
    }
    last.records.push({ key: row.key, value: row.payload, headers: row.headers });
  }
  return batches;
}
