import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { createPrismaClient, PrismaClient } from '@paystream/db';
import { AppProcess, createTestDatabase, TestDatabase, waitUntil } from '@paystream/testing';
import { insertChargeEvents } from './support/outbox-fixtures';
import { deleteTopic, provisionTestTopic } from './support/provision-test-topic';
import { roleChanges, startRelay } from './support/start-relay';
import { TopicCollector } from './support/topic-collector';

// Real processes and brokers: the project-level testTimeout is not applied to every hook.
jest.setTimeout(180_000);

const BROKERS = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);

describe('two relays: one active (advisory lock), one standby', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let topic: string;
  let collector: TopicCollector;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient(db.url);
    topic = await provisionTestTopic(BROKERS, 3);
    collector = await TopicCollector.start(BROKERS, topic);
  }, 120_000);

  afterAll(async () => {
    await collector?.stop();
    await AppProcess.stopAll();
    await prisma?.$disconnect();
    await db?.drop();
    await deleteTopic(BROKERS, topic);
  }, 60_000);

  it('only one publishes; after the active one is SIGKILLed the standby takes over', async () => {
    const env = { databaseUrl: db.url, brokers: BROKERS.join(',') };
    const a = await startRelay(env);
    await waitUntil(() => roleChanges(a).includes('active'), { description: 'relay A active' });
    const b = await startRelay(env);
    await waitUntil(() => roleChanges(b).includes('standby'), { description: 'relay B standby' });

    const before = await insertChargeEvents(prisma, topic, ['SBY-1', 'SBY-1', 'SBY-2']);
    await collector.waitForEvents(before.map((e) => e.eventId));
    expect(roleChanges(b)).not.toContain('active');

    await a.kill('SIGKILL');
    await waitUntil(() => roleChanges(b).includes('active'), {
      timeoutMs: 30_000,
      description: 'relay B takes over',
    });
    const after = await insertChargeEvents(prisma, topic, ['SBY-1', 'SBY-3']);
    await collector.waitForEvents(after.map((e) => e.eventId));
    expect(await prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
  });

  it('SIGTERM finishes the in-flight batch, releases the lock and exits 0', async () => {
    // keepLog: the log file is read after the process exited (removed below).
    const running = await startRelay(
      { databaseUrl: db.url, brokers: BROKERS.join(',') },
      'live',
      true,
    );
    await waitUntil(() => roleChanges(running).length > 0);
    const code = await running.kill('SIGTERM');
    expect(code).toBe(0);
    try {
      expect(roleChanges(running)).toContain('stopped');
    } finally {
      rmSync(path.dirname(running.logFile), { recursive: true, force: true });
    }
  });
});
