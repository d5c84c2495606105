import { loadConfig } from '@paystream/config';
import { GatewayChargeRequest, TEST_CARD_TOKENS } from '@paystream/contracts';
import { DatabasePool, PrismaService, SqlService } from '@paystream/db';
import { createTestDatabase, randomName, TestDatabase } from '@paystream/testing';
import type { PoolClient } from 'pg';
import { toChargeView, chargeHttpStatus } from '../src/charges/charge-view';
import { IdempotencyKeysRepository } from '../src/charges/idempotency-keys.repository';
import { chargeRequestHash } from '../src/charges/request-hash';
import { GATEWAY_SERVICE_NAME, gatewayConfigSchema } from '../src/config/gateway.config';

/**
 * A charge's three steps (claim the key, record the charge under its lock, store the answer) are
 * one statement each, with no interactive transaction: the gateway was the busiest process of the
 * pipeline at eight round trips per charge (issue 17). Each statement must still store and return
 * exactly what the Prisma model calls it replaced did; the behaviour (takeovers, fences, races) is
 * covered by the other gateway specs, which run through the same statements.
 */
describe('payment-gateway: a charge in three statements, without a transaction', () => {
  let db: TestDatabase;
  let database: DatabasePool;
  let prisma: PrismaService;
  let keys: IdempotencyKeysRepository;
  /** Every statement the repository's connections send to Postgres, in order. */
  const sent: string[] = [];
  /** How many of them came through Prisma's client (its adapter sends a query config, not text). */
  let sentByPrisma = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    // The app's own pool, shared by Prisma's adapter and SqlService.
    database = new DatabasePool({ databaseUrl: db.url, poolMax: 2 });
    prisma = new PrismaService(database);
    const pool = database.pool;
    // Dropping the database ends idle connections; that is not a failure of the test.
    pool.on('error', () => undefined);
    pool.on('connect', (client: PoolClient) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (
        ...args: unknown[]
      ) => {
        const first = args[0] as string | { text: string };
        if (typeof first !== 'string') sentByPrisma += 1;
        sent.push((typeof first === 'string' ? first : first.text).trim());
        return query(...args);
      };
    });
    const config = loadConfig(GATEWAY_SERVICE_NAME, gatewayConfigSchema, {
      DATABASE_URL: db.url,
      ADMIN_TOKEN: 'test-admin-token-0123456789',
      LOG_LEVEL: 'silent',
    });
    keys = new IdempotencyKeysRepository(new SqlService(database), config);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.onModuleDestroy();
    await db?.drop();
  });

  const request = (extra: Partial<GatewayChargeRequest> = {}): GatewayChargeRequest => ({
    amount: 1299,
    currency: 'EUR',
    cardToken: TEST_CARD_TOKENS.approve,
    reference: 'order-1',
    ...extra,
  });

  /** The steps ChargesService.create takes for a new key, returning the charge and what was sent. */
  async function charge(key: string, body: GatewayChargeRequest, declineCode: string | null) {
    const hash = chargeRequestHash(body);
    sent.length = 0;
    sentByPrisma = 0;
    const claim = await keys.claim(key, hash);
    if (claim.kind !== 'owner') throw new Error(`expected to own ${key}, got ${claim.kind}`);
    const row = await keys.recordCharge(key, claim.lockedAt, body, hash, declineCode);
    const view = toChargeView(row);
    await keys.complete(key, claim.lockedAt, chargeHttpStatus(view), view);
    return { row, view, statements: [...sent], byPrisma: sentByPrisma };
  }

  it('sends one statement per step and no BEGIN/COMMIT', async () => {
    await charge(randomName('warm-up'), request(), null);
    const { statements, byPrisma } = await charge(randomName('key'), request(), null);
    expect(statements).toHaveLength(3);
    expect(statements.filter((s) => /^(BEGIN|COMMIT|ROLLBACK)/i.test(s))).toEqual([]);
    // Straight to the pool (SqlService): Prisma's client runtime was 12–16 % of the CPU (issue 17).
    expect(byPrisma).toBe(0);
  });

  it('records the charge as Prisma reads it, with its metadata, and stores the answer', async () => {
    const key = randomName('key');
    const body = request({ reference: 'order-7', metadata: { basket: 'milk x2', vip: 'yes' } });
    const { row, view } = await charge(key, body, null);
    expect(row).toEqual(await prisma.gatewayCharge.findUnique({ where: { idempotencyKey: key } }));
    expect(row).toMatchObject({
      status: 'approved',
      reference: 'order-7',
      metadata: { basket: 'milk x2', vip: 'yes' },
      requestHash: chargeRequestHash(body),
    });
    expect(await prisma.gatewayIdempotencyKey.findUnique({ where: { key } })).toMatchObject({
      state: 'completed',
      responseStatus: 200,
      responseBody: view,
      lockedAt: null,
    });
  });

  it('records a decline, and leaves metadata null when the request has none', async () => {
    const key = randomName('key');
    const { row } = await charge(
      key,
      request({ cardToken: TEST_CARD_TOKENS.cardDeclined }),
      'card_declined',
    );
    expect(row).toEqual(await prisma.gatewayCharge.findUnique({ where: { idempotencyKey: key } }));
    expect(row).toMatchObject({
      status: 'declined',
      declineCode: 'card_declined',
      metadata: null,
    });
  });

  it('an owner whose lock is gone records nothing; an existing charge for the key is the answer', async () => {
    const key = randomName('key');
    const body = request();
    const hash = chargeRequestHash(body);
    const claim = await keys.claim(key, hash);
    if (claim.kind !== 'owner') throw new Error('expected to own the key');
    const stale = new Date(claim.lockedAt.getTime() - 1_000);
    await expect(keys.recordCharge(key, stale, body, hash, null)).rejects.toMatchObject({
      name: 'IdempotencyKeyInUseError',
    });
    expect(await prisma.gatewayCharge.count({ where: { idempotencyKey: key } })).toBe(0);

    const first = await keys.recordCharge(key, claim.lockedAt, body, hash, null);
    const again = await keys.recordCharge(key, claim.lockedAt, body, hash, null);
    expect(again).toEqual(first);
    expect(await prisma.gatewayCharge.count({ where: { idempotencyKey: key } })).toBe(1);
  });

  it('replaces an expired key but never a fence', async () => {
    const expired = randomName('key');
    const hash = chargeRequestHash(request());
    await prisma.gatewayIdempotencyKey.create({
      data: {
        key: expired,
        requestHash: hash,
        state: 'completed',
        responseStatus: 200,
        responseBody: { old: true },
        lockedAt: null,
        expiresAt: new Date(Date.now() - 1_000),
        createdAt: new Date(Date.now() - 86_400_000),
      },
    });
    const claim = await keys.claim(expired, hash);
    expect(claim.kind).toBe('owner');
    const row = await prisma.gatewayIdempotencyKey.findUniqueOrThrow({ where: { key: expired } });
    expect(row).toMatchObject({ state: 'in_flight', responseStatus: null, responseBody: null });
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(row.createdAt.getTime()).toBeGreaterThan(Date.now() - 60_000);

    const fenced = randomName('key');
    await keys.fence(fenced);
    await prisma.gatewayIdempotencyKey.update({
      where: { key: fenced },
      data: { expiresAt: new Date(Date.now() - 1_000) },
    });
    await expect(keys.claim(fenced, hash)).rejects.toMatchObject({
      name: 'IdempotencyKeyFencedError',
    });
  });

  it('answers replays, lookups and fences from plain statements, with the rows Prisma reads', async () => {
    const key = randomName('key');
    const body = request({ metadata: { lane: '3' } });
    await charge(key, body, null);
    // For the purge below: an expired key it must delete, and an expired fence it must keep.
    const [expired, expiredFence] = [randomName('expired'), randomName('fence')];
    for (const [k, state] of [
      [expired, 'completed'],
      [expiredFence, 'fenced'],
    ] as const)
      await prisma.gatewayIdempotencyKey.create({
        data: {
          key: k,
          requestHash: chargeRequestHash(body),
          state,
          lockedAt: null,
          expiresAt: new Date(Date.now() - 1_000),
        },
      });
    const stored = await prisma.gatewayCharge.findUniqueOrThrow({ where: { idempotencyKey: key } });
    sent.length = 0;
    sentByPrisma = 0;

    expect(await keys.claim(key, chargeRequestHash(body))).toEqual({
      kind: 'replay',
      status: 200,
      body: toChargeView(stored),
    });
    expect(await keys.lookup(key)).toEqual({
      idempotencyKey: key,
      state: 'completed',
      charge: toChargeView(stored),
    });
    const nobody = randomName('key');
    expect(await keys.fence(nobody)).toEqual({
      idempotencyKey: nobody,
      state: 'fenced',
      charge: null,
    });
    expect(await keys.lookup(nobody)).toEqual({
      idempotencyKey: nobody,
      state: 'fenced',
      charge: null,
    });
    // Fencing a key that has its charge reports the charge and fences nothing.
    expect(await keys.fence(key)).toEqual({
      idempotencyKey: key,
      state: 'completed',
      charge: toChargeView(stored),
    });
    expect(await keys.purgeExpired()).toBeGreaterThanOrEqual(1);
    // The lookup read both rows from one snapshot.
    expect(sent).toContain('BEGIN ISOLATION LEVEL REPEATABLE READ');
    expect(sentByPrisma).toBe(0);
    expect(await prisma.gatewayIdempotencyKey.findUnique({ where: { key: expired } })).toBeNull();
    expect(
      await prisma.gatewayIdempotencyKey.findUnique({ where: { key: expiredFence } }),
    ).not.toBeNull();
    expect(await prisma.gatewayIdempotencyKey.findUnique({ where: { key: nobody } })).toMatchObject(
      {
        state: 'fenced',
        requestHash: '0'.repeat(64),
        lockedAt: null,
      },
    );
  });
});
