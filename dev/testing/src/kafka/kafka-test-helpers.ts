import { randomBytes } from 'node:crypto';
import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';
import { createTopicsAndWait, subscribeWhenKnown } from '@paystream/kafka';
import { waitUntil } from '../wait/wait-until';

/** A record as read back by a test: strings only, easy to assert on. */
export interface ReadRecord {
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

export interface TestRecord {
  key: string | null;
  value: string | object | null;
  headers?: Record<string, string>;
  partition?: number;
}

function brokersFromEnv(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set (the Jest global setup exports it)');
  return brokers.split(',').map((b) => b.trim());
}

/** A KafkaJS client for tests (quiet logs). */
export function testKafka(brokers: string[] = brokersFromEnv()): Kafka {
  return new Kafka({
    clientId: `test-${randomBytes(3).toString('hex')}`,
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 100 },
  });
}

async function withAdmin<T>(fn: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

export async function createTopic(
  topic: string,
  options: { partitions?: number } = {},
): Promise<void> {
  await withAdmin(async (admin) => {
    await createTopicsAndWait(admin, [
      { topic, numPartitions: options.partitions ?? 1, replicationFactor: 1 },
    ]);
  });
}

export async function deleteTopic(...topics: string[]): Promise<void> {
  await withAdmin((admin) => admin.deleteTopics({ topics }).catch(() => undefined));
}

export async function produceMessages(topic: string, records: TestRecord[]): Promise<void> {
  const producer = testKafka().producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: records.map((r) => ({
        key: r.key,
        value: r.value === null || typeof r.value === 'string' ? r.value : JSON.stringify(r.value),
        headers: r.headers,
        partition: r.partition,
      })),
    });
  } finally {
    await producer.disconnect();
  }
}

/**
 * Reads `topic` with a throwaway group until at least `count` records arrived
 * (or the timeout passes) and returns what was read, in arrival order.
 */
export async function waitForMessages(
  topic: string,
  count: number,
  options: { fromBeginning?: boolean; timeoutMs?: number } = {},
): Promise<ReadRecord[]> {
  const consumer = testKafka().consumer({
    groupId: `test-reader-${randomBytes(6).toString('hex')}`,
  });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await subscribeWhenKnown(consumer, {
      topics: [topic],
      fromBeginning: options.fromBeginning ?? true,
    });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) {
          if (value !== undefined)
            headers[name] = String(Array.isArray(value) ? value[value.length - 1] : value);
        }
        records.push({
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers,
          partition,
          offset: message.offset,
        });
      },
    });
    await waitUntil(() => records.length >= count, {
      timeoutMs: options.timeoutMs ?? 60_000,
      description: `${count} record(s) on ${topic} (have ${records.length})`,
    });
    return [...records];
  } finally {
    await consumer.disconnect();
  }
}

/** Waits until the group is Stable with exactly `count` members. */
export async function waitForGroupMembers(
  groupId: string,
  count: number,
  options: { timeoutMs?: number } = {},
): Promise<void> {
  await withAdmin((admin) =>
    waitUntil(
      async () => {
        const { groups } = await admin.describeGroups([groupId]);
        return groups[0]?.state === 'Stable' && groups[0].members.length === count;
      },
      {
        timeoutMs: options.timeoutMs ?? 60_000,
        intervalMs: 250,
        description: `group ${groupId} stable with ${count} member(s)`,
      },
    ),
  );
}

/** memberId → partitions of `topic` it holds (empty array = idle member). */
export async function describeGroupAssignment(
  groupId: string,
  topic: string,
): Promise<Record<string, number[]>> {
  return withAdmin(async (admin) => {
    const { groups } = await admin.describeGroups([groupId]);
    const out: Record<string, number[]> = {};
    for (const member of groups[0]?.members ?? []) {
      const assignment =
        member.memberAssignment.length > 0
          ? AssignerProtocol.MemberAssignment.decode(member.memberAssignment)
          : null;
      out[member.memberId] = [...(assignment?.assignment[topic] ?? [])].sort((a, b) => a - b);
    }
    return out;
  });
}
