import { createPrismaClient, PrismaClient } from '@paystream/db';
import { AppProcess, createTestDatabase, TestDatabase } from '@paystream/testing';
import { deleteTopic, provisionTestTopic } from './provision-test-topic';
import { TopicCollector } from './topic-collector';

/** What every relay spec works against: its own database and topic, and what reached the topic. */
export interface RelayWorld {
  brokers: string[];
  db: TestDatabase;
  prisma: PrismaClient;
  topic: string;
  collector: TopicCollector;
}

/**
 * Registers the set-up every relay spec shares (call it in the describe block): a fresh database,
 * a fresh three-partition topic with a collector reading it, and their teardown, every app process
 * the spec started stopped first. `beforeTeardown` runs before anything is torn down (a spec that
 * froze a process continues it: a stopped process ignores SIGTERM).
 */
export function useRelayWorld(options: { beforeTeardown?: () => void } = {}): RelayWorld {
  const world = {
    brokers: (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean),
  } as RelayWorld;

  beforeAll(async () => {
    world.db = await createTestDatabase();
    world.prisma = createPrismaClient(world.db.url);
    world.topic = await provisionTestTopic(world.brokers, 3);
    world.collector = await TopicCollector.start(world.brokers, world.topic);
  }, 120_000);

  afterAll(async () => {
    options.beforeTeardown?.();
    await world.collector?.stop();
    await AppProcess.stopAll();
    await world.prisma?.$disconnect();
    await world.db?.drop();
    if (world.topic) await deleteTopic(world.brokers, world.topic);
  }, 60_000);

  return world;
}
