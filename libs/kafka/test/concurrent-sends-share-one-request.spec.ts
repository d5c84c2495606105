import {
  createTopicsAndWait,
  EventProducer,
  PublishedRecordMetadata,
  PublishFailedError,
} from '@paystream/kafka';
import { randomName, testKafka, waitForMessages } from '@paystream/testing';

jest.setTimeout(120_000);

const SENDS = 60;
/** Small enough that one record of 8 KB is refused, large enough for every other send alone. */
const TOPIC_MAX_MESSAGE_BYTES = 4_096;

/**
 * An idempotent producer has one request in flight. Sends made while a
 * request is in flight, or in the same tick, go together in the next one
 * (what the charge worker's results do when a fetch's charges are decided at
 * once), each call resolving only with its own records acknowledged.
 */
describe('concurrent sends on an idempotent EventProducer', () => {
  const kafka = testKafka();
  const admin = kafka.admin();
  const topics: string[] = [];

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  });

  const newTopic = async (configEntries: { name: string; value: string }[] = []) => {
    const topic = randomName('coalesced-sends');
    topics.push(topic);
    await createTopicsAndWait(admin, [
      { topic, numPartitions: 1, replicationFactor: 1, configEntries },
    ]);
    return topic;
  };

  const sendEach = (producer: EventProducer, topic: string, values: unknown[]) =>
    values.map((value) => producer.send(topic, [{ key: 'one-plate', value }]));

  /** SENDS sends of one record each ({ i }), all at once; the producer is closed afterwards. */
  const sendNumbered = async (producer: EventProducer, topic: string) => {
    try {
      return await Promise.all(
        sendEach(
          producer,
          topic,
          Array.from({ length: SENDS }, (_, i) => ({ i })),
        ),
      );
    } finally {
      await producer.disconnect();
    }
  };

  const requestsCarrying = (answers: PublishedRecordMetadata[][]) =>
    new Set(answers.map(([first]) => first.baseOffset)).size;

  it('go in one request, each record once and in call order', async () => {
    const topic = await newTopic();
    const answers = await sendNumbered(new EventProducer(kafka), topic);
    // Each call is answered with the acknowledgement of the request that carried it.
    expect(answers.every((a) => a.length === 1 && a[0].topic === topic)).toBe(true);
    expect(requestsCarrying(answers)).toBe(1);
    const read = await waitForMessages(topic, SENDS);
    expect(read.map((r) => JSON.parse(r.value!).i)).toEqual(
      Array.from({ length: SENDS }, (_, i) => i),
    );
  });

  it('are split at maxRecordsPerRequest, still in call order', async () => {
    const topic = await newTopic();
    const answers = await sendNumbered(
      new EventProducer(kafka, { maxRecordsPerRequest: 25 }),
      topic,
    );
    expect(requestsCarrying(answers)).toBe(Math.ceil(SENDS / 25));
    const read = await waitForMessages(topic, SENDS);
    expect(read.map((r) => JSON.parse(r.value!).i)).toEqual(
      Array.from({ length: SENDS }, (_, i) => i),
    );
  });

  it('a record the broker refuses fails only its own call; the others land, in order', async () => {
    const topic = await newTopic([
      { name: 'max.message.bytes', value: String(TOPIC_MAX_MESSAGE_BYTES) },
    ]);
    const producer = new EventProducer(kafka);
    const values = Array.from({ length: 10 }, (_, i) =>
      i === 5 ? { i, padding: 'x'.repeat(2 * TOPIC_MAX_MESSAGE_BYTES) } : { i },
    );
    let outcomes: PromiseSettledResult<PublishedRecordMetadata[]>[];
    try {
      outcomes = await Promise.allSettled(sendEach(producer, topic, values));
    } finally {
      await producer.disconnect();
    }
    expect(outcomes.map((o) => o.status)).toEqual(
      values.map((_, i) => (i === 5 ? 'rejected' : 'fulfilled')),
    );
    const refusal = (outcomes[5] as PromiseRejectedResult).reason;
    expect(refusal).toBeInstanceOf(PublishFailedError);
    expect(refusal.retriable).toBe(false);
    const read = await waitForMessages(topic, values.length - 1);
    expect(read.map((r) => JSON.parse(r.value!).i)).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9]);
  });
});
