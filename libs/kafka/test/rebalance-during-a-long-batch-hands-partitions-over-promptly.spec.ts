import {
  createTopic,
  deleteTopic,
  produceMessages,
  randomName,
  TestBudget,
  testKafka,
  waitUntil,
} from '@paystream/testing';
import { z } from 'zod';
import { EventProducer, ManagedConsumer } from '@paystream/kafka';

const valueSchema = z.object({ seq: z.number().int() });
type Value = z.infer<typeof valueSchema>;

const PARTITIONS = 2;
const PER_PARTITION = 30;
const TOTAL = PARTITIONS * PER_PARTITION;
/** Each record "calls a slow gateway": one member alone needs PER_PARTITION × this for its backlog (~30 s). */
const HANDLER_MS = 1_000;
const budget = new TestBudget(240_000);

interface Member {
  name: string;
  consumer: ManagedConsumer<Value>;
  handled: string[];
  /** partitions this member owns, per its last GROUP_JOIN */
  owned: Set<number>;
  /** commits accepted for a partition the member did not own at that moment */
  foreignCommits: string[];
  commits: () => number;
}

/**
 * Issue 13 item 5: a second member joining while the first one works through
 * a long batch of slow records. The first member must notice the rebalance,
 * start nothing new, finish what is in flight, commit and rejoin — so the new
 * member gets its partitions while the first one's backlog is far from done —
 * and never commit a partition it no longer owns. No record is handled twice.
 */
describe('ManagedConsumer: a rebalance during a long batch', () => {
  const topic = randomName('rebalance');
  const dlq = randomName('rebalance-dlq');
  const groupId = randomName('rebalance-group');
  const kafka = testKafka();
  const producer = new EventProducer(kafka);
  const members: Member[] = [];
  const inFlight = new Map<string, string>();
  const overlaps: string[] = [];

  const member = (name: string): Member => {
    const handled: string[] = [];
    const consumer = new ManagedConsumer<Value>({
      kafka,
      groupId,
      topic,
      schema: valueSchema,
      partitionsConsumedConcurrently: PARTITIONS,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 500,
      deadLetters: { topic: dlq, sink: producer },
      delivery: {
        deliver: 'record',
        handle: async (record) => {
          const id = `${record.partition}/${record.offset}`;
          const other = inFlight.get(id);
          if (other !== undefined) overlaps.push(`${id} by ${other} and ${name}`);
          inFlight.set(id, name);
          await new Promise((r) => setTimeout(r, HANDLER_MS));
          inFlight.delete(id);
          handled.push(id);
        },
      },
    });
    const m: Member = {
      name,
      consumer,
      handled,
      owned: new Set(),
      foreignCommits: [],
      commits: () => 0,
    };
    const kafkaConsumer = consumer.consumer;
    kafkaConsumer.on(kafkaConsumer.events.GROUP_JOIN, ({ payload }) => {
      m.owned = new Set(payload.memberAssignment[topic] ?? []);
    });
    // Every commit the broker accepted, checked against what the member owned then (a member of the current
    // generation may commit any partition: that is how a stale batch would overwrite the new owner's offset).
    kafkaConsumer.on(kafkaConsumer.events.COMMIT_OFFSETS, ({ payload }) => {
      for (const t of payload.topics) {
        for (const p of t.partitions)
          if (!m.owned.has(Number(p.partition)))
            m.foreignCommits.push(`${p.partition}@${p.offset}`);
      }
    });
    m.commits = () => commits;
    let commits = 0;
    kafkaConsumer.on(kafkaConsumer.events.COMMIT_OFFSETS, () => (commits += 1));
    members.push(m);
    return m;
  };

  beforeAll(async () => {
    await createTopic(topic, { partitions: PARTITIONS });
    await createTopic(dlq);
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.allSettled(members.map((m) => m.consumer.stop()));
    await producer.disconnect();
    await deleteTopic(topic, dlq);
  }, 60_000);

  it(
    'hands partitions to a new member before the backlog is done, commits only owned partitions, handles each record once',
    async () => {
      budget.start();
      const records = [];
      for (let seq = 0; seq < PER_PARTITION; seq += 1) {
        for (let partition = 0; partition < PARTITIONS; partition += 1) {
          records.push({ key: `K-${partition}-${seq}`, value: { seq }, partition });
        }
      }
      await produceMessages(topic, records);

      const first = member('first');
      await first.consumer.start();
      // The first member owns both partitions and is inside its (long) first batch.
      await waitUntil(() => first.handled.length >= PARTITIONS, {
        timeoutMs: budget.left(),
        description: 'the first member working on its backlog',
      });

      const second = member('second');
      await second.consumer.start();
      // Either the new member gets work, or the first member finishes its whole backlog alone (the stall).
      await waitUntil(() => second.handled.length > 0 || first.handled.length === TOTAL, {
        timeoutMs: budget.left(),
        description: 'the second member handling a record, or the first one finishing everything',
      });
      // Without the fix the first member kept its whole batch (~30 s) and the second one got nothing to do.
      expect({
        secondGotWork: second.handled.length > 0,
        firstFinishedAlone: first.handled.length === TOTAL,
      }).toEqual({
        secondGotWork: true,
        firstFinishedAlone: false,
      });

      await waitUntil(() => first.handled.length + second.handled.length >= TOTAL, {
        timeoutMs: budget.left(),
        description: `all ${TOTAL} records handled`,
      });
      const all = [...first.handled, ...second.handled];
      expect(new Set(all).size).toBe(TOTAL);
      expect(all.length).toBe(TOTAL);
      expect(overlaps).toEqual([]);
      // The check below saw commits (it is not vacuous).
      expect(first.commits()).toBeGreaterThan(0);
      expect(first.foreignCommits).toEqual([]);
      expect(second.foreignCommits).toEqual([]);
    },
    budget.jestTimeoutMs,
  );
});
