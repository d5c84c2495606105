import { createPrismaClient, PrismaClient } from '@paystream/db';
import { createTestDatabase, TestDatabase } from '@paystream/testing';
import {
  laneEventId,
  postExit,
  RunningTollApi,
  startTollApi,
  VALID_EXIT,
} from './support/start-toll-api';

// Real processes and brokers: the project-level testTimeout is not applied to every hook.
jest.setTimeout(180_000);

describe('a replayed exit (same Idempotency-Key) returns the same charge and writes no second event', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let api: RunningTollApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient(db.url);
    api = await startTollApi({ DATABASE_URL: db.url });
  });

  afterAll(async () => {
    await api?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('sequential replay', async () => {
    const key = laneEventId();
    const first = await postExit(api.url, VALID_EXIT, key);
    const again = await postExit(api.url, VALID_EXIT, key);
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(
      await prisma.outboxEvent.count({ where: { aggregateId: first.body.chargeId as string } }),
    ).toBe(1);
  });

  it('concurrent replays race on the unique key and all get the one charge', async () => {
    const key = laneEventId();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => postExit(api.url, VALID_EXIT, key)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(202));
    expect(new Set(answers.map((a) => a.body.chargeId)).size).toBe(1);
    expect(await prisma.tollExit.count({ where: { idempotencyKey: key } })).toBe(1);
    expect(
      await prisma.outboxEvent.count({
        where: { aggregateId: answers[0].body.chargeId as string },
      }),
    ).toBe(1);
  });

  it('the same key with other exit details is refused (422), nothing new written', async () => {
    const key = laneEventId();
    await postExit(api.url, VALID_EXIT, key);
    const before = await prisma.outboxEvent.count();
    const other = await postExit(api.url, { ...VALID_EXIT, plate: 'ZZ-999' }, key);
    expect(other.status).toBe(422);
    expect(other.body.error).toBe('idempotency_key_reused');
    expect(await prisma.outboxEvent.count()).toBe(before);
  });
});
