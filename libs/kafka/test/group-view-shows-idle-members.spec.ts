import {
  describeGroupView,
  EventProducer,
  formatGroupView,
  ManagedConsumer,
  withAdmin,
} from '@paystream/kafka';
import {
  createTopic,
  deleteTopic,
  describeGroupAssignment,
  randomName,
  testKafka,
  waitForGroupMembers,
} from '@paystream/testing';
import { z } from 'zod';

describe('group view', () => {
  const topic = randomName('scale');
  const dlq = randomName('scale-dlq');
  const groupId = randomName('scale-group');
  const kafka = testKafka();
  const producer = new EventProducer(kafka);
  const consumers: ManagedConsumer<unknown>[] = [];

  beforeAll(async () => {
    await createTopic(topic, { partitions: 4 });
    await createTopic(dlq);
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await producer.disconnect();
    await deleteTopic(topic, dlq);
  });

  it('seven members on a four-partition topic: four hold one partition each, three are idle', async () => {
    for (let i = 0; i < 7; i += 1) {
      const consumer = new ManagedConsumer({
        kafka,
        groupId,
        topic,
        schema: z.unknown(),
        deadLetters: { topic: dlq, sink: producer },
        delivery: { deliver: 'value', handle: async () => undefined },
      });
      consumers.push(consumer);
    }
    await Promise.all(consumers.map((c) => c.start()));
    await waitForGroupMembers(groupId, 7, { timeoutMs: 90_000 });

    await withAdmin(kafka, async (admin) => {
      const view = await describeGroupView(admin, groupId, topic);
      expect(view.members).toHaveLength(7);
      expect(view.idleMembers).toHaveLength(3);
      expect(view.members.filter((m) => !m.idle).map((m) => m.partitions.length)).toEqual([
        1, 1, 1, 1,
      ]);
      expect(view.partitions.map((p) => p.memberId !== null)).toEqual([true, true, true, true]);
      expect(formatGroupView(view)).toContain('idle members (3)');
      const assignment = await describeGroupAssignment(groupId, topic);
      expect(Object.values(assignment).filter((p) => p.length === 0)).toHaveLength(3);
    });
  });
});
