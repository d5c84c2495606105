import {
  createTopic,
  deleteTopic,
  produceMessages,
  randomName,
  testKafka,
  waitUntil,
} from '@paystream/testing';
import { RetryPolicy } from '@paystream/retry';
import { Kafka } from 'kafkajs';
import { z } from 'zod';
import { EventProducer, ManagedConsumer, withAdmin } from '@paystream/kafka';

const valueSchema = z.object({ seq: z.number().int() });
type Value = z.infer<typeof valueSchema>;

/** About 2 KB per record: KafkaJS fetches at most 1 MB per partition, so the topic takes several fetches. */
const PAD = 'x'.repeat(2_000);
const TOTAL = 2_000;
const CHUNK = 100;
/** Each handler call takes this long, like a sink's write: long enough for a fetch to happen inside it. */
const HANDLER_MS = 20;

/** The test's Kafka client, whose consumers report each fetch response they get. */
function reportingFetches(kafka: Kafka, onFetched: () => void): Kafka {
  const consumer = kafka.consumer.bind(kafka);
  return Object.assign(Object.create(kafka) as Kafka, {
    consumer: (config: Parameters<Kafka['consumer']>[0]) => {
      const created = consumer(config);
      created.on(created.events.FETCH, onFetched);
      return created;
    },
  });
}

/**
 * Batch delivery (the sink) fetches the next records while the handler works
 * on the current ones, when the partition holds more: Kafka's round trip
 * overlaps the handler instead of following it. The records fetched ahead are
 * delivered only if the handler got to the end of the previous fetch; after a
 * failure the partition is rewound and they are dropped, so the consumer sees
 * exactly what it would have seen without fetching ahead.
 */
describe('batch delivery fetches the next records while the handler works', () => {
  const kafka = testKafka();
  const producer = new EventProducer(kafka);
  const dlq = randomName('ahead-dlq');
  const topics: string[] = [];
  let consumer: ManagedConsumer<Value> | undefined;

  beforeAll(async () => {
    await createTopic(dlq);
    await producer.connect();
  });

  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
  });

  afterAll(async () => {
    await producer.disconnect();
    await deleteTopic(dlq, ...topics);
  });

  /** A topic holding TOTAL records before any consumer starts. */
  async function filledTopic(): Promise<string> {
    const topic = randomName('ahead');
    topics.push(topic);
    await createTopic(topic, { partitions: 1 });
    for (let from = 0; from < TOTAL; from += 500)
      await produceMessages(
        topic,
        Array.from({ length: 500 }, (_, i) => ({
          key: `K-${(from + i) % 7}`,
          value: { seq: from + i, pad: PAD },
        })),
      );
    return topic;
  }

  /**
   * Consumes the whole topic; `failOnce` makes the handler call holding that
   * seq throw the first time. Returns the seqs handed over by calls that
   * succeeded, in order, and how many fetches were answered while a call was running.
   */
  async function consumeAll(
    topic: string,
    options: { fetchAhead?: boolean; failOnce?: number } = {},
  ): Promise<{ handled: number[]; fetchedDuringHandler: number; failures: number }> {
    const handled: number[] = [];
    let running = 0;
    let fetchedDuringHandler = 0;
    let failures = 0;
    const groupId = randomName('ahead-group');
    consumer = new ManagedConsumer({
      kafka: reportingFetches(kafka, () => {
        if (running > 0) fetchedDuringHandler += 1;
      }),
      groupId,
      topic,
      schema: valueSchema,
      maxRecordsPerBatch: CHUNK,
      fetchAhead: options.fetchAhead,
      pausePolicy: new RetryPolicy({ maxAttempts: 100, baseDelayMs: 50, maxDelayMs: 100 }),
      deadLetters: { topic: dlq, sink: producer },
      delivery: {
        deliver: 'batch',
        handle: async (records) => {
          running += 1;
          try {
            await new Promise((resolve) => setTimeout(resolve, HANDLER_MS));
            if (failures === 0 && records.some((r) => r.value.seq === options.failOnce)) {
              failures += 1;
              throw new Error('database unavailable (injected)');
            }
            handled.push(...records.map((r) => r.value.seq));
            return [];
          } finally {
            running -= 1;
          }
        },
      },
    });
    await consumer.start();
    await waitUntil(() => handled.length >= TOTAL, {
      timeoutMs: 60_000,
      description: `${TOTAL} records handled`,
    });
    await withAdmin(kafka, (admin) =>
      waitUntil(
        async () => {
          const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
          return offsets.partitions[0].offset === String(TOTAL);
        },
        { description: 'offset committed past the last record' },
      ),
    );
    return { handled, fetchedDuringHandler, failures };
  }

  const everySeqOnceInOrder = [...Array(TOTAL).keys()];

  it('fetches during the handler calls and still hands every record over once, in order', async () => {
    const { handled, fetchedDuringHandler } = await consumeAll(await filledTopic());
    expect(handled).toEqual(everySeqOnceInOrder);
    expect(fetchedDuringHandler).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('with fetchAhead false, fetches only between handler calls (what KafkaJS does unpatched)', async () => {
    const { handled, fetchedDuringHandler } = await consumeAll(await filledTopic(), {
      fetchAhead: false,
    });
    expect(handled).toEqual(everySeqOnceInOrder);
    expect(fetchedDuringHandler).toBe(0);
  }, 120_000);

  it('a handler failure rewinds the partition: the records fetched ahead are dropped, nothing is skipped or repeated', async () => {
    // A chunk in the middle of the topic fails: by then the records after its fetch are being fetched ahead.
    const { handled, fetchedDuringHandler, failures } = await consumeAll(await filledTopic(), {
      failOnce: 1_000,
    });
    expect(failures).toBe(1);
    expect(handled).toEqual(everySeqOnceInOrder);
    expect(fetchedDuringHandler).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('KafkaJS with prefetchWhileHandling: after a seek in the handler, the next batch starts at the sought offset, not at the records fetched ahead', async () => {
    const topic = await filledTopic();
    const firstOffsets: number[] = [];
    let sought = false;
    let fetchedDuringHandler = 0;
    let running = 0;
    const raw = reportingFetches(kafka, () => {
      if (running > 0) fetchedDuringHandler += 1;
    }).consumer({ groupId: randomName('ahead-raw-group') });
    await raw.connect();
    try {
      await raw.subscribe({ topics: [topic], fromBeginning: true });
      await raw.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        prefetchWhileHandling: true,
        eachBatch: async ({ batch, resolveOffset }) => {
          running += 1;
          try {
            await new Promise((resolve) => setTimeout(resolve, 5 * HANDLER_MS));
            firstOffsets.push(Number(batch.messages[0].offset));
            if (!sought && Number(batch.messages[0].offset) > 0) {
              // Back to the start, with the records after this batch already being fetched ahead.
              sought = true;
              raw.seek({ topic, partition: 0, offset: '0' });
              return;
            }
            resolveOffset(batch.lastOffset());
          } finally {
            running -= 1;
          }
        },
      });
      await waitUntil(() => sought && firstOffsets.length >= 4, {
        timeoutMs: 60_000,
        description: 'a seek and two batches after it',
      });
    } finally {
      await raw.disconnect();
    }
    const afterSeek = firstOffsets.indexOf(firstOffsets.find((o) => o > 0)!) + 1;
    expect(firstOffsets[afterSeek]).toBe(0);
    expect(fetchedDuringHandler).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
