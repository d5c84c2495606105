import { createKafka, partitionLeaders, describeTopic } from '@paystream/kafka';
import { createPrismaClient, PrismaClient } from '@paystream/db';
import { KafkaCluster, startKafka } from '@paystream/dev-infra';
import {
  AppProcess,
  createTestDatabase,
  freePort,
  TestDatabase,
  waitUntil,
} from '@paystream/testing';
import { Admin, logLevel } from 'kafkajs';
import { insertChargeEvents } from '../support/outbox-fixtures';
import { provisionTestTopic } from '../support/provision-test-topic';
import { startRelay } from '../support/start-relay';
import { TopicCollector } from '../support/topic-collector';

// Three JVMs on two cores: starting and restarting brokers is slow.
jest.setTimeout(420_000);

/**
 * The notebooks that must not burn: a three-broker KRaft cluster, the charges
 * topic with replication factor 3 and min.insync.replicas 2, the relay
 * publishing with acks=all. Brokers are stopped under the relay's feet.
 */
describe('three brokers, RF 3, min ISR 2, acks=all', () => {
  let cluster: KafkaCluster;
  let brokers: string[];
  let admin: Admin;
  let db: TestDatabase;
  let prisma: PrismaClient;
  let topic: string;
  let relay: AppProcess;
  let collector: TopicCollector;
  const written: string[] = [];

  const unpublished = () => prisma.outboxEvent.count({ where: { publishedAt: null } });
  const insert = async (count: number, prefix: string) => {
    const rows = await insertChargeEvents(
      prisma,
      topic,
      Array.from({ length: count }, (_, i) => `${prefix}-${i % 7}`),
    );
    written.push(...rows.map((r) => r.eventId));
  };
  /** Outbox drained and every written event read from the topic (duplicates allowed). */
  const drained = async () => {
    try {
      await waitUntil(async () => (await unpublished()) === 0, {
        timeoutMs: 180_000,
        intervalMs: 500,
        description: 'outbox drained',
      });
      await collector.waitForEvents(written, 120_000);
      return new Set(collector.eventIds());
    } catch (error) {
      // The relay's own account of what happened is the useful part of a failure here.
      throw new Error(
        `${(error as Error).message}\n--- relay log tail ---\n${relay.logs.slice(-40).join('\n')}`,
        { cause: error },
      );
    }
  };
  /** Every stopped broker is restarted whatever the test's outcome, so one failure does not cascade. */
  const restartStopped = () =>
    Promise.all(cluster.nodes.filter((n) => !n.running).map((n) => cluster.startBroker(n.id)));

  beforeAll(async () => {
    [cluster, db] = await Promise.all([startKafka({ brokers: 3 }), createTestDatabase()]);
    brokers = cluster.bootstrapServers;
    admin = createKafka({ clientId: 'cluster-test', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    prisma = createPrismaClient(db.url);
    topic = await provisionTestTopic(brokers, 3);
    // One long-lived reader, started while all three brokers are up (it creates __consumer_offsets).
    collector = await TopicCollector.start(brokers, topic);
    relay = await startRelay(
      {
        databaseUrl: db.url,
        brokers: brokers.join(','),
        extra: {
          RELAY_BATCH_SIZE: '25',
          RELAY_ACK_TIMEOUT_MS: '5000',
          RELAY_PRODUCER_RETRIES: '2',
        },
      },
      'ready',
    );
  });

  afterAll(async () => {
    await collector?.stop().catch(() => undefined);
    await AppProcess.stopAll();
    await admin?.disconnect().catch(() => undefined);
    await prisma?.$disconnect();
    await db?.drop();
    await cluster?.stop();
  });

  it('the topic was provisioned with RF 3 and min.insync.replicas 2', async () => {
    const described = await describeTopic(admin, topic);
    expect(described.replicationFactor).toBe(3);
    expect(described.minInsyncReplicas).toBe(2);
  });

  it('stopping the leader of a partition mid-stream loses nothing', async () => {
    await insert(200, 'LDR');
    await waitUntil(async () => (await unpublished()) < 200, {
      timeoutMs: 60_000,
      description: 'relay started publishing',
    });
    const [leader] = await partitionLeaders(admin, topic);
    try {
      await cluster.stopBroker(leader);
      await insert(200, 'LDR');
      expect((await drained()).size).toBe(written.length);
    } finally {
      await restartStopped();
    }
  });

  it('with two brokers down the rows are kept (not acknowledged) and all published when a broker returns', async () => {
    const [first, second] = cluster.nodes.map((n) => n.id);
    try {
      await cluster.stopBroker(first);
      await cluster.stopBroker(second);
      await insert(50, 'TWO');
      await waitUntil(
        async () =>
          (await prisma.outboxEvent.count({
            where: { publishedAt: null, publishAttempts: { gt: 0 } },
          })) > 0,
        {
          timeoutMs: 120_000,
          intervalMs: 500,
          description: 'a failed publish recorded on the rows',
        },
      );
      const failed = await prisma.outboxEvent.findFirstOrThrow({
        where: { publishedAt: null, lastError: { not: null } },
      });
      console.info(`two brokers down: relay error recorded on the row: ${failed.lastError}`);
      // Not enough replicas, or — when the survivor cannot shrink the ISR without a controller quorum, or
      // the transaction coordinator has no quorum either — Kafka unavailable / a timeout.
      expect(failed.lastError).toMatch(/in-sync replicas|unavailable|timed out|timeout|leader/i);
      expect(await unpublished()).toBeGreaterThan(0);

      await cluster.startBroker(first);
      expect((await drained()).size).toBe(written.length);
    } finally {
      await restartStopped();
    }
  });

  it('Kafka entirely down: exits are still accepted (202), the backlog grows, and drains when Kafka is back', async () => {
    const tollApi = await AppProcess.start({
      app: 'toll-api',
      port: await freePort(),
      env: { DATABASE_URL: db.url, TOLL_CHARGES_TOPIC: topic, LOG_LEVEL: 'warn' },
    });
    for (const node of cluster.nodes) await cluster.stopBroker(node.id);
    try {
      const chargeIds: string[] = [];
      for (let i = 0; i < 10; i++) {
        const res = await fetch(`${tollApi.url}/toll/exits`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': `down-${Date.now()}-${i}`,
          },
          body: JSON.stringify({
            plazaId: 'PLZ-A',
            laneId: 'L2',
            plate: `DWN-${i % 3}`,
            vehicleClass: 'van',
            cardToken: 'tok_visa',
          }),
        });
        expect(res.status).toBe(202);
        expect(await res.json()).toMatchObject({ barrier: 'OPEN', status: 'PENDING' });
        chargeIds.push(
          (await prisma.tollCharge.findFirstOrThrow({ orderBy: { createdAt: 'desc' } })).id,
        );
      }
      const rows = await prisma.outboxEvent.findMany({ where: { aggregateId: { in: chargeIds } } });
      written.push(...rows.map((r) => r.eventId));
      const backlog = await waitUntil(async () => {
        const text = await (await fetch(`${relay.url}/metrics`)).text();
        const value = Number(/^outbox_backlog_rows(?:\{[^}]*\})? (\d+)$/m.exec(text)?.[1] ?? '0');
        return value >= 10 ? value : undefined;
      });
      expect(backlog).toBeGreaterThanOrEqual(10);

      await restartStopped();
      expect((await drained()).size).toBe(written.length);
    } finally {
      await restartStopped();
    }
  });
});
