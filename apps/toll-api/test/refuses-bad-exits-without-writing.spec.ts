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

describe('bad exits are refused and nothing is written', () => {
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

  afterEach(async () => {
    const [exits, charges, outbox] = await Promise.all([
      prisma.tollExit.count(),
      prisma.tollCharge.count(),
      prisma.outboxEvent.count(),
    ]);
    expect({ exits, charges, outbox }).toEqual({ exits: 0, charges: 0, outbox: 0 });
  });

  it.each([
    ['missing plate', { ...VALID_EXIT, plate: undefined }, 'plate'],
    [
      'a card number instead of a token',
      { ...VALID_EXIT, cardToken: '4242424242424242' },
      'cardToken',
    ],
    ['a malformed exit time', { ...VALID_EXIT, exitedAt: 'yesterday' }, 'exitedAt'],
    ['an unknown field', { ...VALID_EXIT, amount: 5 }, 'amount'],
    ['a bad lane id', { ...VALID_EXIT, laneId: '../etc' }, 'laneId'],
  ])('400 for %s, naming the field', async (_what, body, field) => {
    const res = await postExit(api.url, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    expect((res.body.problems as Array<{ field: string }>).map((p) => p.field)).toContain(field);
  });

  it('400 without an Idempotency-Key', async () => {
    const res = await postExit(api.url, VALID_EXIT, null);
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([
      { field: 'Idempotency-Key', reason: expect.stringContaining('required') },
    ]);
  });

  it.each([
    ['too short', 'k'.repeat(7), 'must be at least 8 characters'],
    ['one over the longest (256 characters)', 'k'.repeat(256), 'must be at most 255 characters'],
    ['with a space', 'lane evt 1234', 'may contain only letters, digits and . _ : -'],
  ])('400 for an Idempotency-Key %s, saying which rule it breaks', async (_what, key, reason) => {
    const res = await postExit(api.url, VALID_EXIT, key);
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([{ field: 'Idempotency-Key', reason }]);
  });

  it('400 for malformed JSON', async () => {
    const res = await postExit(api.url, '{"plate": ', laneEventId());
    expect(res.status).toBe(400);
  });

  it('422 for an unknown vehicle class or exit plaza', async () => {
    const unknownClass = await postExit(api.url, { ...VALID_EXIT, vehicleClass: 'spaceship' });
    expect(unknownClass.status).toBe(422);
    expect(unknownClass.body.error).toBe('tariff_not_found');
    expect(unknownClass.body.message).toContain("'spaceship'");
    const unknownPlaza = await postExit(api.url, { ...VALID_EXIT, plazaId: 'PLZ-Z' });
    expect(unknownPlaza.status).toBe(422);
  });
});
