import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type EachMessagePayload } from 'kafkajs';

export interface CompatibilityStep {
  name: string;
  ok: boolean;
  detail: string;
}

export interface CompatibilityReport {
  ok: boolean;
  steps: CompatibilityStep[];
}

/**
 * Exercises exactly the KafkaJS 2.2.4 features Paystream relies on against a
 * running cluster: topic creation with configs, the idempotent acks=all
 * producer, a two-member consumer group splitting partitions, describeGroups
 * and fetchOffsets. Used to pick the Kafka version (dev/infra/README.md) and
 * as a regression test when that version changes.
 */
export async function checkKafkaJsCompatibility(
  brokers: string[],
  options: { timeoutMs?: number } = {},
): Promise<CompatibilityReport> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const suffix = randomBytes(4).toString('hex');
  const topic = `compat-${suffix}`;
  const groupId = `compat-group-${suffix}`;
  const partitions = 4;
  const messageCount = 40;
  const kafka = new Kafka({
    clientId: 'paystream-compat',
    brokers,
    logLevel: logLevel.NOTHING,
    // KafkaJS defaults (5 retries): what the apps run with.
  });
  const steps: CompatibilityStep[] = [];
  const step = async (name: string, fn: () => Promise<string>): Promise<boolean> => {
    try {
      steps.push({ name, ok: true, detail: await withTimeout(fn(), timeoutMs, name) });
      return true;
    } catch (error) {
      const e = error as Error & { type?: string };
      steps.push({
        name,
        ok: false,
        detail: `${e.name}${e.type ? ` (${e.type})` : ''}: ${e.message}`,
      });
      return false;
    }
  };

  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumers: Consumer[] = [];
  try {
    const connected = await step('admin connect + describeCluster', async () => {
      await admin.connect();
      const cluster = await admin.describeCluster();
      return `${cluster.brokers.length} broker(s), controller ${cluster.controller}`;
    });
    if (!connected) return report(steps);
    const replicationFactor = Math.min(3, (await admin.describeCluster()).brokers.length);

    const created = await step('admin.createTopics with configs', async () => {
      const done = await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic,
            numPartitions: partitions,
            replicationFactor,
            configEntries: [
              { name: 'cleanup.policy', value: 'delete' },
              { name: 'retention.ms', value: String(24 * 3600_000) },
              { name: 'min.insync.replicas', value: String(replicationFactor >= 3 ? 2 : 1) },
            ],
          },
        ],
      });
      const meta = await admin.fetchTopicMetadata({ topics: [topic] });
      return `created=${done}, ${meta.topics[0].partitions.length} partitions, RF ${replicationFactor}`;
    });
    if (!created) return report(steps);

    await step('admin.describeConfigs', async () => {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2 /* TOPIC */, name: topic, configNames: ['retention.ms'] }],
      });
      return `retention.ms=${resources[0].configEntries[0]?.configValue}`;
    });

    const produced = await step(
      'idempotent producer (acks -1, maxInFlightRequests 1)',
      async () => {
        await producer.connect();
        const results = await producer.send({
          topic,
          acks: -1,
          messages: Array.from({ length: messageCount }, (_, i) => ({
            key: `vehicle-${i % 10}`,
            value: JSON.stringify({ i }),
            headers: { 'event-id': `e-${i}` },
          })),
        });
        return `${messageCount} records acknowledged on ${results.length} partition(s)`;
      },
    );
    if (!produced) return report(steps);

    const assignments = new Map<string, number[]>();
    const received = new Set<string>();
    const joined = await step('consumer group: 2 members split partitions', async () => {
      for (let m = 0; m < 2; m++) {
        const consumer = kafka.consumer({
          groupId,
          sessionTimeout: 10_000,
          heartbeatInterval: 1_000,
        });
        consumers.push(consumer);
        consumer.on(consumer.events.GROUP_JOIN, (event) => {
          assignments.set(event.payload.memberId, event.payload.memberAssignment[topic] ?? []);
        });
        await consumer.connect();
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ partition, message }: EachMessagePayload) => {
            received.add(`${partition}:${message.offset}`);
          },
        });
      }
      await waitFor(
        () =>
          received.size >= messageCount &&
          assignments.size === 2 &&
          [...assignments.values()].reduce((n, p) => n + p.length, 0) === partitions &&
          [...assignments.values()].every((p) => p.length > 0),
        timeoutMs,
        () =>
          `received ${received.size}/${messageCount}, assignments ${JSON.stringify([...assignments.values()])}`,
      );
      return `assignments ${JSON.stringify([...assignments.values()])}, ${received.size} records consumed`;
    });

    await step('admin.describeGroups', async () => {
      const { groups } = await admin.describeGroups([groupId]);
      const group = groups[0];
      if (group.state === 'Dead') throw new Error(`group ${groupId} is Dead`);
      if (joined && group.members.length !== 2)
        throw new Error(`expected 2 members, got ${group.members.length}`);
      return `state ${group.state}, protocol ${group.protocol}, ${group.members.length} members`;
    });

    await step('admin.fetchOffsets (committed by the group)', async () => {
      // Committing happens on an interval; stopping the consumers commits the rest.
      await Promise.all(consumers.map((c) => c.disconnect()));
      consumers.length = 0;
      const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
      const committed = offsets[0].partitions.reduce(
        (n, p) => n + Math.max(0, Number(p.offset)),
        0,
      );
      if (joined && committed !== messageCount)
        throw new Error(`committed ${committed}, expected ${messageCount}`);
      return `committed offsets sum ${committed}`;
    });

    await step('admin.listGroups', async () => {
      const { groups } = await admin.listGroups();
      if (!groups.some((g) => g.groupId === groupId))
        throw new Error(`group ${groupId} not listed`);
      return `${groups.length} group(s) listed`;
    });

    await step('admin.createPartitions', async () => {
      await admin.createPartitions({ topicPartitions: [{ topic, count: partitions + 1 }] });
      let seen = 0;
      // Metadata propagates to every broker asynchronously.
      await waitFor(
        () => seen === partitions + 1,
        timeoutMs,
        () => `metadata shows ${seen} partitions`,
        async () => {
          seen = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions.length;
        },
      );
      return `${seen} partitions now`;
    });

    await step(
      'transactional producer + sendOffsets (not used by Paystream; informational)',
      async () => {
        const txProducer = kafka.producer({
          transactionalId: `compat-tx-${suffix}`,
          maxInFlightRequests: 1,
          idempotent: true,
        });
        await txProducer.connect();
        try {
          const tx = await txProducer.transaction();
          await tx.send({ topic, messages: [{ key: 'k', value: 'tx' }] });
          await tx.sendOffsets({
            consumerGroupId: groupId,
            topics: [{ topic, partitions: [{ partition: 0, offset: '0' }] }],
          });
          await tx.commit();
          return 'committed';
        } finally {
          await txProducer.disconnect();
        }
      },
    );

    await step('admin.fetchTopicOffsets + deleteTopics', async () => {
      const offsets = await admin.fetchTopicOffsets(topic);
      const high = offsets.reduce((n, p) => n + Number(p.high), 0);
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.deleteTopics({ topics: [topic] });
      return `high watermarks sum ${high}`;
    });
    return report(steps);
  } finally {
    await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

function report(steps: CompatibilityStep[]): CompatibilityReport {
  return { ok: steps.every((s) => s.ok), steps };
}

async function waitFor(
  condition: () => boolean,
  timeoutMs: number,
  describe: () => string,
  refresh?: () => Promise<void>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await refresh?.();
    if (condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms + 1_000);
    }),
  ]).finally(() => clearTimeout(timer));
}
