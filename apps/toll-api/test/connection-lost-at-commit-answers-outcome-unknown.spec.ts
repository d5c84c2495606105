import { createPrismaClient, PrismaClient } from '@paystream/db';
import { createTestDatabase, TestDatabase } from '@paystream/testing';
import { PostgresProxy } from './support/postgres-proxy';
import {
  laneEventId,
  postExit,
  RunningTollApi,
  startTollApi,
  VALID_EXIT,
} from './support/start-toll-api';

// Real processes and brokers: the project-level testTimeout is not applied to every hook.
jest.setTimeout(180_000);

describe('the connection drops during COMMIT', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let proxy: PostgresProxy;
  let api: RunningTollApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient(db.url);
    proxy = await PostgresProxy.start(new URL(db.url));
    api = await startTollApi({ DATABASE_URL: proxy.url });
  });

  afterAll(async () => {
    await api?.close().catch(() => undefined);
    await proxy?.close().catch(() => undefined);
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('answers "outcome unknown, retry with the same key"; the retry returns the one charge', async () => {
    const key = laneEventId();
    const plate = 'CM-777-IT';
    proxy.cutAtNextCommit();
    const first = await postExit(api.url, { ...VALID_EXIT, plate }, key);
    expect(proxy.cuts).toBe(1);
    // The server did commit: saying "nothing was recorded" would be false.
    expect(await prisma.tollExit.count({ where: { idempotencyKey: key } })).toBe(1);
    expect(first.status).toBe(503);
    expect(first.body.error).toBe('outcome_unknown');
    expect(String(first.body.message)).toMatch(/same Idempotency-Key/);
    expect(String(first.body.message)).not.toMatch(/nothing was recorded/);

    const retry = await postExit(api.url, { ...VALID_EXIT, plate }, key);
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const charges = await prisma.tollCharge.findMany({ where: { plate } });
    expect(charges).toHaveLength(1);
    expect(retry.body.chargeId).toBe(charges[0].id);
    expect(await prisma.outboxEvent.count({ where: { aggregateId: charges[0].id } })).toBe(1);
  });
});
