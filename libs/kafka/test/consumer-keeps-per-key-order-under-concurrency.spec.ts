import {
  createTopic,
  deleteTopic,
  produceMessages,
  randomName,
  testKafka,
  waitUntil,
} from '@paystream/testing';
import { z } from 'zod';
import { EventProducer, ManagedConsumer, withAdmin } from '@paystream/kafka';

const valueSchema = z.object({ seq: z.number().int() });

describe('ManagedConsumer with in-partition concurrency', () => {
  const topic = randomName('order');
  const dlq = randomName('order-dlq');
  const kafka = testKafka();
  const producer = new EventProducer(kafka);
  let consumer: ManagedConsumer<z.infer<typeof valueSchema>> | undefined;

  beforeAll(async () => {
    await createTopic(topic, { partitions: 1 });
    await createTopic(dlq);
    await producer.connect();
  });

  afterAll(async () => {
    await consumer?.stop();
    await producer.disconnect();
    await deleteTopic(topic, dlq);
  });

  it('runs different keys concurrently but each key strictly in order, across bounded batches, and commits everything', async () => {
    const keys = ['AA-1', 'BB-2', 'CC-3', 'DD-4'];
    const perKey = 15;
    const records = [];
    for (let seq = 0; seq < perKey; seq += 1)
      for (const key of keys) records.push({ key, value: { seq } });
    await produceMessages(topic, records);

    const seen = new Map<string, number[]>();
    let running = 0;
    let maxRunning = 0;
    const batchSizes: number[] = [];
    const groupId = randomName('order-group');
    consumer = new ManagedConsumer({
      kafka,
      groupId,
      topic,
      schema: valueSchema,
      concurrencyPerPartition: 4,
      // Far fewer than were produced: the backlog is taken in several bounded batches, order kept across them.
      maxRecordsPerBatch: 7,
      onBatch: ({ size }) => batchSizes.push(size),
      deadLetters: { topic: dlq, sink: producer },
      delivery: {
        deliver: 'record',
        handle: async (record) => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          // Uneven work so that, without per-key ordering, later records would overtake earlier ones.
          await new Promise((r) => setTimeout(r, (record.value.seq * 7) % 5 === 0 ? 15 : 1));
          seen.set(record.key!, [...(seen.get(record.key!) ?? []), record.value.seq]);
          running -= 1;
        },
      },
    });
    await consumer.start();

    await waitUntil(
      () => [...seen.values()].reduce((n, s) => n + s.length, 0) === keys.length * perKey,
      {
        description: 'all records handled',
      },
    );
    for (const key of keys) expect(seen.get(key)).toEqual([...Array(perKey).keys()]);
    expect(maxRunning).toBeGreaterThan(1);
    // onBatch reports a batch after its commit: wait until every record was reported in one.
    await waitUntil(() => batchSizes.reduce((a, b) => a + b, 0) === keys.length * perKey, {
      description: 'every batch reported',
    });
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(7);

    await withAdmin(kafka, (admin) =>
      waitUntil(
        async () => {
          const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
          return offsets.partitions[0].offset === String(keys.length * perKey);
        },
        { description: 'offset committed past the last record' },
      ),
    );
  });
});
