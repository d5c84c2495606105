import { createTopicsAndWait, EventProducer } from '@paystream/kafka';
import { randomName, testKafka } from '@paystream/testing';

jest.setTimeout(120_000);

const PARTITIONS = 4;
const SENDS = 8;
const RECORDS_PER_SEND = 100;
/** Each round is a new topic used at once: the moment the race lives in. */
const ROUNDS = 8;

/**
 * A new topic names its partition leaders a moment before those leaders
 * accept writes. A produce in that moment is refused for some partitions, and
 * a non-idempotent producer (acks=leader) retries the whole request, so the
 * partitions that had accepted it get their records twice. createTopicsAndWait
 * returns only once every leader serves its partition.
 */
describe('a topic created with createTopicsAndWait', () => {
  const kafka = testKafka();
  const admin = kafka.admin();
  const topics: string[] = [];

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  });

  it('takes acks=leader writes at once, each record exactly once', async () => {
    const counts: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const topic = randomName('new-topic-writes');
      topics.push(topic);
      await createTopicsAndWait(admin, [
        { topic, numPartitions: PARTITIONS, replicationFactor: 1 },
      ]);
      const producer = new EventProducer(kafka, { acks: 'leader' });
      try {
        await Promise.all(
          Array.from({ length: SENDS }, (_, send) =>
            producer.send(
              topic,
              Array.from({ length: RECORDS_PER_SEND }, (_, i) => ({
                key: `plate-${i}`,
                value: { send, i },
              })),
            ),
          ),
        );
      } finally {
        await producer.disconnect();
      }
      const offsets = await admin.fetchTopicOffsets(topic);
      counts.push(offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0));
    }
    expect(counts).toEqual(Array.from({ length: ROUNDS }, () => SENDS * RECORDS_PER_SEND));
  });
});
