import { Consumer, Kafka, logLevel } from 'kafkajs';
import { subscribeWhenKnown } from '@paystream/kafka';
import { randomName, waitUntil } from '@paystream/testing';

export interface CollectedRecord {
  partition: number;
  offset: string;
  key: string;
  /** The value's bytes as text, as they are on the topic. */
  text: string;
  value: Record<string, unknown>;
  headers: Record<string, string>;
}

/** Reads a topic from the beginning into memory, so tests can assert on what Kafka really holds. */
export class TopicCollector {
  readonly records: CollectedRecord[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async start(brokers: string[], topic: string): Promise<TopicCollector> {
    const kafka = new Kafka({ clientId: 'test-collector', brokers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: randomName('collector'), retry: { retries: 20 } });
    const collector = new TopicCollector(consumer);
    await consumer.connect();
    await subscribeWhenKnown(consumer, { topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [
            k,
            Buffer.isBuffer(v) ? v.toString('utf8') : String(v),
          ]),
        );
        const text = message.value?.toString('utf8') ?? 'null';
        collector.records.push({
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? '',
          text,
          value: JSON.parse(text) as Record<string, unknown>,
          headers,
        });
      },
    });
    return collector;
  }

  eventIds(): string[] {
    return this.records.map((r) => String(r.value.eventId));
  }

  /** Waits until every id in `eventIds` has been read at least once. */
  async waitForEvents(eventIds: string[], timeoutMs = 90_000): Promise<void> {
    await waitUntil(
      () => {
        const seen = new Set(this.eventIds());
        return eventIds.every((id) => seen.has(id));
      },
      {
        timeoutMs,
        intervalMs: 200,
        description: `${eventIds.length} events on the topic (have ${this.records.length})`,
      },
    );
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
