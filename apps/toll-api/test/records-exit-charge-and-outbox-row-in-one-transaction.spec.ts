import { EVENT_TYPES, HEADERS, TOPICS, tollChargeRequestedV1Schema } from '@paystream/contracts';
import { createPrismaClient, DatabasePool, PrismaClient } from '@paystream/db';
import { createTestDatabase, recordPoolStatements, TestDatabase } from '@paystream/testing';
import {
  laneEventId,
  postExit,
  RunningTollApi,
  startTollApi,
  VALID_EXIT,
} from './support/start-toll-api';
import { toChargeView } from '../src/charges/charge-view';

// Real processes and brokers: the project-level testTimeout is not applied to every hook.
jest.setTimeout(180_000);

describe('POST /toll/exits records the exit, a PENDING charge and one outbox row', () => {
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

  it('answers 202 with the barrier open and the fee from the tariff', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const res = await postExit(api.url, VALID_EXIT, laneEventId(), { traceparent });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      status: 'PENDING',
      barrier: 'OPEN',
      fee: { amountMinor: 320, currency: 'EUR' },
    });

    const chargeId = res.body.chargeId as string;
    const charge = await prisma.tollCharge.findUniqueOrThrow({
      where: { id: chargeId },
      include: { exit: true },
    });
    expect(charge).toMatchObject({
      status: 'PENDING',
      plate: 'AB-123-CD',
      amountMinor: 320,
      currency: 'EUR',
    });

    const rows = await prisma.outboxEvent.findMany({ where: { aggregateId: chargeId } });
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({
      topic: TOPICS.tollCharges,
      key: 'AB-123-CD',
      eventType: EVENT_TYPES.tollChargeRequested,
      publishedAt: null,
    });
    const payload = tollChargeRequestedV1Schema.parse(row.payload);
    expect(payload).toMatchObject({
      chargeId,
      eventId: row.eventId,
      amountMinor: 320,
      plazaId: 'PLZ-B',
      entryPlazaId: 'PLZ-A',
    });
    expect(row.headers).toMatchObject({
      [HEADERS.eventId]: row.eventId,
      [HEADERS.eventType]: EVENT_TYPES.tollChargeRequested,
      [HEADERS.schemaVersion]: '1',
      [HEADERS.occurredAt]: row.occurredAt.toISOString(),
      [HEADERS.traceparent]: traceparent,
    });
  });

  it('uses the flat exit price without an entry plaza and the class factor', async () => {
    const res = await postExit(api.url, {
      ...VALID_EXIT,
      vehicleClass: 'truck',
      entryPlazaId: undefined,
    });
    expect(res.status).toBe(202);
    expect(res.body.fee).toEqual({ amountMinor: 625, currency: 'EUR' });
  });

  it('takes any Idempotency-Key the one key rule allows, up to 255 characters', async () => {
    const key = laneEventId().padEnd(255, 'k');
    const res = await postExit(api.url, VALID_EXIT, key);
    expect(res.status).toBe(202);
    expect(await prisma.tollExit.count({ where: { idempotencyKey: key } })).toBe(1);
  });

  it('GET /toll/charges/:id and ?plate= show the charge', async () => {
    const plate = `GT-${Date.now() % 100000}`;
    const first = await postExit(api.url, { ...VALID_EXIT, plate });
    const second = await postExit(api.url, { ...VALID_EXIT, plate, vehicleClass: 'van' });
    const one = await fetch(`${api.url}/toll/charges/${first.body.chargeId as string}`);
    expect(one.status).toBe(200);
    const shown = (await one.json()) as unknown;
    // The app reads with plain SQL (charges.sql.ts); it must show what Prisma's rows say.
    const stored = await prisma.tollCharge.findUniqueOrThrow({
      where: { id: first.body.chargeId as string },
      include: { exit: true },
    });
    expect(shown).toEqual(JSON.parse(JSON.stringify(toChargeView(stored))));
    expect(shown).toMatchObject({
      chargeId: first.body.chargeId,
      status: 'PENDING',
      plate,
      fee: { amountMinor: 320, currency: 'EUR' },
      attempts: 0,
      lastError: null,
      declineCode: null,
      exit: { plazaId: 'PLZ-B', laneId: 'L3', entryPlazaId: 'PLZ-A', vehicleClass: 'car' },
    });
    const list = await fetch(
      `${api.url}/toll/charges?plate=${encodeURIComponent(plate.toLowerCase())}`,
    );
    const listed = (await list.json()) as { items: Array<{ chargeId: string }> };
    // Newest first, ties by id: the order Prisma's findMany gives.
    const newestFirst = await prisma.tollCharge.findMany({
      where: { plate },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    });
    expect(listed.items.map((c) => c.chargeId)).toEqual(newestFirst.map((c) => c.id));
    expect(listed.items.map((c) => c.chargeId).sort()).toEqual(
      [first.body.chargeId, second.body.chargeId].sort(),
    );

    expect(
      (await fetch(`${api.url}/toll/charges/00000000-0000-4000-8000-000000000000`)).status,
    ).toBe(404);
    expect((await fetch(`${api.url}/toll/charges/not-a-uuid`)).status).toBe(400);
  });

  it('writes nothing when the outbox insert fails: exit and charge roll back with it', async () => {
    // The database itself refuses the outbox row (a trigger), as a full disk or a constraint would.
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_outbox_row() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'outbox insert refused by the test'; END $$`);
    await prisma.$executeRawUnsafe(`
      CREATE TRIGGER refuse_outbox_row BEFORE INSERT ON outbox_events
      FOR EACH ROW EXECUTE FUNCTION refuse_outbox_row()`);
    const key = laneEventId();
    const plate = `RB-${Date.now() % 100000}`;
    let refused: Awaited<ReturnType<typeof postExit>>;
    try {
      refused = await postExit(api.url, { ...VALID_EXIT, plate }, key);
    } finally {
      await prisma.$executeRawUnsafe('DROP TRIGGER refuse_outbox_row ON outbox_events');
      await prisma.$executeRawUnsafe('DROP FUNCTION refuse_outbox_row()');
    }
    expect(refused.status).toBe(500);
    expect(await prisma.tollExit.count({ where: { idempotencyKey: key } })).toBe(0);
    expect(await prisma.tollCharge.count({ where: { plate } })).toBe(0);

    // Nothing half-written blocks the retry: the same key now records the exit once.
    const retry = await postExit(api.url, { ...VALID_EXIT, plate }, key);
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    const charges = await prisma.tollCharge.findMany({ where: { plate } });
    expect(charges.map((c) => c.id)).toEqual([retry.body.chargeId]);
    expect(await prisma.outboxEvent.count({ where: { aggregateId: charges[0].id } })).toBe(1);
  });

  it("reads the tariff and writes the exit straight to the pool, around Prisma's client", async () => {
    const sent = recordPoolStatements(api.app.get(DatabasePool).pool);
    try {
      expect((await postExit(api.url, VALID_EXIT)).status).toBe(202);
      expect(sent.kinds()).toEqual(['text', 'text']);
      expect(sent.texts()[0]).toMatch(/FROM toll_tariffs/);
      expect(sent.texts()[1]).toMatch(/INSERT INTO toll_exits/);
    } finally {
      sent.restore();
    }
  });

  it('is ready when the database answers', async () => {
    const res = await fetch(`${api.url}/health/ready`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { checks: Record<string, unknown> }).checks).toHaveProperty(
      'database',
    );
  });
});
