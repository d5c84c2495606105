import type { Kafka, Consumer } from 'kafkajs';
import { subscribeWhenKnown } from '@paystream/kafka';
import { randomName, waitUntil } from '@paystream/testing';

/**
 * Reads a topic from the beginning and remembers when each record arrived
 * (by a value field, e.g. eventId or chargeId). Used for end-to-end latencies.
 */
export class TopicWatcher {
  readonly arrivals = new Map<string, number>();
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly idOf: (value: Record<string, unknown>) => string,
  ) {}

  async start(): Promise<void> {
    this.consumer = this.kafka.consumer({
      groupId: randomName('bench-watch'),
      maxWaitTimeInMs: 100,
    });
    // Records sent before the group has its partitions would wait for the join and
    // inflate latencies: start() resolves only once this member holds them.
    const joined = new Promise<void>((resolve) =>
      this.consumer?.on(this.consumer.events.GROUP_JOIN, () => resolve()),
    );
    await this.consumer.connect();
    await subscribeWhenKnown(this.consumer, { topics: [this.topic], fromBeginning: true });
    await this.consumer.run({
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        const now = Date.now();
        for (const m of batch.messages) {
          if (!m.value) continue;
          const id = this.idOf(JSON.parse(m.value.toString('utf8')) as Record<string, unknown>);
          if (!this.arrivals.has(id)) this.arrivals.set(id, now);
        }
      },
    });
    await joined;
  }

  async waitFor(count: number, timeoutMs: number): Promise<void> {
    await waitUntil(() => this.arrivals.size >= count, {
      timeoutMs,
      intervalMs: 50,
      description: `${count} records on ${this.topic} (have ${this.arrivals.size})`,
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
