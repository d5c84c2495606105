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

/**
 * Batch delivery (the sink): a fetch larger than maxRecordsPerBatch is handed
 * over in chunks of at most that many records, in order, each committed, and
 * all of it from the one fetch. It used to take the first chunk and fetch the
 * rest again, decoding every record several times.
 */
describe('ManagedConsumer batch delivery of a fetch larger than maxRecordsPerBatch', () => {
  const topic = randomName('chunks');
  const dlq = randomName('chunks-dlq');
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

  it('hands every record over once, in order, in chunks of at most the limit, from one fetch', async () => {
    const total = 50;
    // Produced before the consumer starts: one fetch holds them all.
    await produceMessages(
      topic,
      Array.from({ length: total }, (_, seq) => ({ key: `K-${seq % 3}`, value: { seq } })),
    );
    const chunks: number[][] = [];
    const fetchedBatches: number[] = [];
    const groupId = randomName('chunks-group');
    consumer = new ManagedConsumer({
      kafka,
      groupId,
      topic,
      schema: valueSchema,
      maxRecordsPerBatch: 10,
      onBatch: ({ size }) => fetchedBatches.push(size),
      deadLetters: { topic: dlq, sink: producer },
      delivery: {
        deliver: 'batch',
        handle: async (records) => {
          chunks.push(records.map((r) => r.value.seq));
          return [];
        },
      },
    });
    await consumer.start();

    await waitUntil(() => chunks.flat().length >= total, { description: 'all records handled' });
    await waitUntil(() => fetchedBatches.reduce((a, b) => a + b, 0) >= total, {
      description: 'every fetched batch reported',
    });

    expect(chunks.flat()).toEqual([...Array(total).keys()]);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(10);
    expect(chunks.length).toBe(5);
    expect(fetchedBatches.filter((size) => size > 0)).toEqual([total]);
    await withAdmin(kafka, (admin) =>
      waitUntil(
        async () => {
          const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
          return offsets.partitions[0].offset === String(total);
        },
        { description: 'offset committed past the last record' },
      ),
    );
  });
});
