import {
  createTopic,
  deleteTopic,
  describeGroupAssignment,
  produceMessages,
  randomName,
  TestBudget,
  testKafka,
  waitForGroupMembers,
  waitUntil,
} from '@paystream/testing';
import { z } from 'zod';
import { EventProducer, ManagedConsumer, withAdmin } from '@paystream/kafka';

const valueSchema = z.object({ seq: z.number().int() });
type Value = z.infer<typeof valueSchema>;

/** The broker's lowest allowed session timeout (group.min.session.timeout.ms default). */
const SESSION_TIMEOUT_MS = 6_000;
/** Each record outlasts the session timeout, like a gateway call near its timeout on a slow acquirer. */
const HANDLER_MS = SESSION_TIMEOUT_MS * 1.5;
const PER_PARTITION = 2;
const budget = new TestBudget(180_000);

/**
 * A handler that runs longer than the session timeout must not get its member
 * evicted: the consumer heartbeats while records are in flight. Two members
 * share the group; neither is evicted, the group never rebalances, and no
 * record is handled twice.
 */
describe('ManagedConsumer: a handler longer than the session timeout', () => {
  const topic = randomName('long-handler');
  const dlq = randomName('long-handler-dlq');
  const groupId = randomName('long-handler-group');
  const kafka = testKafka();
  const producer = new EventProducer(kafka);
  const consumers: ManagedConsumer<Value>[] = [];
  const handled: string[] = [];
  let joins = 0;
  let rebalances = 0;

  beforeAll(async () => {
    await createTopic(topic, { partitions: 2 });
    await createTopic(dlq);
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.allSettled(consumers.map((c) => c.stop()));
    await producer.disconnect();
    await deleteTopic(topic, dlq);
  }, 60_000);

  it(
    'keeps both members and their partitions while each record takes 1.5 × the session timeout',
    async () => {
      budget.start();
      for (let i = 0; i < 2; i += 1) {
        const consumer = new ManagedConsumer<Value>({
          kafka,
          groupId,
          topic,
          schema: valueSchema,
          sessionTimeoutMs: SESSION_TIMEOUT_MS,
          heartbeatIntervalMs: 1_000,
          deadLetters: { topic: dlq, sink: producer },
          delivery: {
            deliver: 'record',
            handle: async (record) => {
              await new Promise((r) => setTimeout(r, HANDLER_MS));
              handled.push(`${record.partition}/${record.offset}`);
            },
          },
        });
        consumer.consumer.on(consumer.consumer.events.GROUP_JOIN, () => (joins += 1));
        consumer.consumer.on(consumer.consumer.events.REBALANCING, () => (rebalances += 1));
        consumers.push(consumer);
        await consumer.start();
      }
      await waitForGroupMembers(groupId, 2, { timeoutMs: budget.left() });
      const assignmentBefore = await describeGroupAssignment(groupId, topic);
      const joinsBefore = joins;
      const rebalancesBefore = rebalances;

      const records = [];
      for (let seq = 0; seq < PER_PARTITION; seq += 1)
        for (const partition of [0, 1])
          records.push({ key: `K-${partition}`, value: { seq }, partition });
      await produceMessages(topic, records);
      await waitUntil(() => handled.length >= records.length, {
        timeoutMs: budget.left(),
        description: 'every record handled',
      });

      await withAdmin(kafka, (admin) =>
        waitUntil(
          async () => {
            const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
            return offsets.partitions.every((p) => p.offset === String(PER_PARTITION));
          },
          { timeoutMs: budget.left(), description: 'both partitions committed past their records' },
        ),
      );
      // The same two members with the same partitions: nobody was evicted, nothing moved.
      expect(await describeGroupAssignment(groupId, topic)).toEqual(assignmentBefore);
      expect({ joins: joins - joinsBefore, rebalances: rebalances - rebalancesBefore }).toEqual({
        joins: 0,
        rebalances: 0,
      });
      expect([...handled].sort()).toEqual(['0/0', '0/1', '1/0', '1/1']);
    },
    budget.jestTimeoutMs,
  );
});
