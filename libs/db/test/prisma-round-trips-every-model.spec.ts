import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { Client, Notification } from 'pg';
import { createTestDatabase, TestDatabase } from '@paystream/testing';
import {
  createPrismaClient,
  DbModule,
  GatewayChargeStatus,
  pingDatabase,
  PosAttemptOutcome,
  PosPaymentMode,
  PosPaymentStatus,
  Prisma,
  PrismaClient,
  PrismaService,
  TollChargeStatus,
} from '../src';

const HASH = 'a'.repeat(64);

function uniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

describe('the Prisma client round-trips every model on a migrated database', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient(db.url);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('gateway: GatewayCharge and GatewayIdempotencyKey', async () => {
    const key = `key-${randomUUID()}`;
    const charge = await prisma.gatewayCharge.create({
      data: {
        idempotencyKey: key,
        requestHash: HASH,
        amountMinor: 1250,
        currency: 'EUR',
        cardToken: 'tok_visa_approve',
        reference: 'till-7',
        metadata: { storeId: 's1' },
        status: GatewayChargeStatus.approved,
      },
    });
    expect(charge.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(charge.createdAt).toBeInstanceOf(Date);
    await expect(
      prisma.gatewayCharge.findUnique({ where: { idempotencyKey: key } }),
    ).resolves.toEqual(charge);

    const voided = await prisma.gatewayCharge.update({
      where: { id: charge.id },
      data: { status: GatewayChargeStatus.voided, voidedAt: new Date() },
    });
    expect(voided.status).toBe('voided');

    const stored = await prisma.gatewayIdempotencyKey.create({
      data: { key, requestHash: HASH, expiresAt: new Date(Date.now() + 86_400_000) },
    });
    expect(stored).toMatchObject({
      state: 'in_flight',
      responseStatus: null,
      lockedAt: expect.any(Date),
    });
    const completed = await prisma.gatewayIdempotencyKey.update({
      where: { key },
      data: {
        state: 'completed',
        responseStatus: 201,
        responseBody: { id: charge.id, status: 'approved' },
        lockedAt: null,
      },
    });
    expect(completed.responseBody).toEqual({ id: charge.id, status: 'approved' });
  });

  it('gateway: a second charge with the same idempotency key is rejected by the database', async () => {
    const key = `key-${randomUUID()}`;
    const data = {
      idempotencyKey: key,
      requestHash: HASH,
      amountMinor: 500,
      currency: 'EUR',
      cardToken: 'tok_visa_approve',
      status: GatewayChargeStatus.approved,
    };
    await prisma.gatewayCharge.create({ data });
    const error = await prisma.gatewayCharge.create({ data }).catch((e: unknown) => e);
    expect(uniqueViolation(error)).toBe(true);
    // even a decline cannot sit beside the approval under the same key
    const decline = await prisma.gatewayCharge
      .create({
        data: { ...data, status: GatewayChargeStatus.declined, declineCode: 'insufficient_funds' },
      })
      .catch((e: unknown) => e);
    expect(uniqueViolation(decline)).toBe(true);
    await expect(prisma.gatewayCharge.count({ where: { idempotencyKey: key } })).resolves.toBe(1);
  });

  it('pos: PosPayment with attempts and its Sale', async () => {
    const payment = await prisma.posPayment.create({
      data: {
        idempotencyKey: `till-${randomUUID()}`,
        requestHash: HASH,
        storeId: 'store-1',
        terminalId: 'till-7',
        amountMinor: 4599,
        currency: 'GBP',
        cardToken: 'tok_visa_approve',
        mode: PosPaymentMode.sync,
        deadlineAt: new Date(Date.now() + 3_000),
        attempts: {
          create: [
            {
              attemptNo: 1,
              outcome: PosAttemptOutcome.timeout,
              latencyMs: 1000,
              errorMessage: 'no answer',
              finishedAt: new Date(),
            },
            {
              attemptNo: 2,
              outcome: PosAttemptOutcome.approved,
              httpStatus: 201,
              latencyMs: 40,
              finishedAt: new Date(),
            },
          ],
        },
      },
    });
    expect(payment.status).toBe(PosPaymentStatus.pending);

    const approved = await prisma.$transaction(async (tx) => {
      const updated = await tx.posPayment.update({
        where: { id: payment.id },
        data: { status: PosPaymentStatus.approved, gatewayChargeId: randomUUID() },
      });
      await tx.sale.create({
        data: {
          paymentId: payment.id,
          storeId: updated.storeId,
          amountMinor: updated.amountMinor,
          currency: updated.currency,
        },
      });
      return updated;
    });
    expect(approved.updatedAt.getTime()).toBeGreaterThanOrEqual(payment.updatedAt.getTime());

    const read = await prisma.posPayment.findUniqueOrThrow({
      where: { id: payment.id },
      include: { attempts: { orderBy: { attemptNo: 'asc' } }, sale: true },
    });
    expect(read.attempts.map((a) => [a.attemptNo, a.outcome])).toEqual([
      [1, 'timeout'],
      [2, 'approved'],
    ]);
    expect(read.sale).toMatchObject({ paymentId: payment.id, amountMinor: 4599, currency: 'GBP' });

    // one sale per payment, one attempt number per payment
    const secondSale = await prisma.sale
      .create({
        data: { paymentId: payment.id, storeId: 'store-1', amountMinor: 4599, currency: 'GBP' },
      })
      .catch((e: unknown) => e);
    expect(uniqueViolation(secondSale)).toBe(true);

    const timedOut = await prisma.posPayment.create({
      data: {
        idempotencyKey: `till-${randomUUID()}`,
        requestHash: HASH,
        storeId: 'store-1',
        terminalId: 'till-8',
        amountMinor: 100,
        currency: 'GBP',
        cardToken: 'tok_slow',
        mode: PosPaymentMode.queue,
        status: PosPaymentStatus.timed_out,
        resolution: 'voided_late_approval',
        deadlineAt: new Date(),
      },
    });
    expect(timedOut).toMatchObject({
      mode: 'queue',
      status: 'timed_out',
      resolution: 'voided_late_approval',
    });
  });

  it('toll: Tariff, TollExit and TollCharge', async () => {
    const tariff = await prisma.tariff.create({
      data: { vehicleClass: 'car', exitPlazaId: 'P9', amountMinor: 350, currency: 'EUR' },
    });
    expect(tariff.entryPlazaId).toBe('*');
    const sameTriple = await prisma.tariff
      .create({
        data: { vehicleClass: 'car', exitPlazaId: 'P9', amountMinor: 999, currency: 'EUR' },
      })
      .catch((e: unknown) => e);
    expect(uniqueViolation(sameTriple)).toBe(true);
    await expect(
      prisma.tariff.findUnique({
        where: {
          vehicleClass_entryPlazaId_exitPlazaId: {
            vehicleClass: 'car',
            entryPlazaId: '*',
            exitPlazaId: 'P9',
          },
        },
      }),
    ).resolves.toEqual(tariff);

    const laneEventId = `lane-${randomUUID()}`;
    const exit = await prisma.tollExit.create({
      data: {
        idempotencyKey: laneEventId,
        plazaId: 'P9',
        laneId: 'L2',
        plate: 'AB-123-CD',
        vehicleClass: 'car',
        exitedAt: new Date(),
        charge: {
          create: {
            plate: 'AB-123-CD',
            cardToken: 'tok_visa_approve',
            amountMinor: tariff.amountMinor,
            currency: 'EUR',
          },
        },
      },
      include: { charge: true },
    });
    expect(exit.charge).toMatchObject({
      status: TollChargeStatus.PENDING,
      statusRank: 0,
      attempts: 0,
    });

    const settled = await prisma.tollCharge.update({
      where: { id: exit.charge!.id },
      data: {
        status: 'SETTLED',
        statusRank: 20,
        attempts: { increment: 1 },
        gatewayChargeId: randomUUID(),
        settledAt: new Date(),
      },
      include: { exit: true },
    });
    expect(settled).toMatchObject({
      status: 'SETTLED',
      attempts: 1,
      exit: { idempotencyKey: laneEventId },
    });

    const replay = await prisma.tollExit
      .create({
        data: {
          idempotencyKey: laneEventId,
          plazaId: 'P9',
          laneId: 'L2',
          plate: 'AB-123-CD',
          vehicleClass: 'car',
          exitedAt: new Date(),
        },
      })
      .catch((e: unknown) => e);
    expect(uniqueViolation(replay)).toBe(true);
  });

  it('money: amounts must be positive minor units with an ISO currency code', async () => {
    const negative = prisma.tollExit.create({
      data: {
        idempotencyKey: `lane-${randomUUID()}`,
        plazaId: 'P1',
        laneId: 'L1',
        plate: 'X',
        vehicleClass: 'car',
        exitedAt: new Date(),
        charge: { create: { plate: 'X', cardToken: 'tok', amountMinor: -5, currency: 'EUR' } },
      },
    });
    await expect(negative).rejects.toThrow(/toll_charges_amount_minor_check/);
    const badCurrency = prisma.gatewayCharge.create({
      data: {
        idempotencyKey: `key-${randomUUID()}`,
        requestHash: HASH,
        amountMinor: 1,
        currency: 'eu ',
        cardToken: 'tok',
        status: GatewayChargeStatus.declined,
      },
    });
    await expect(badCurrency).rejects.toThrow(/gateway_charges_currency_check/);
  });

  it('outbox: OutboxEvent rows, unique event id, ordered ids, NOTIFY on insert (at commit)', async () => {
    const listener = new Client({ connectionString: db.url });
    await listener.connect();
    const notifications: Notification[] = [];
    listener.on('notification', (n) => notifications.push(n));
    await listener.query('LISTEN outbox_events');
    try {
      const eventId = randomUUID();
      const event = {
        eventId,
        aggregateType: 'toll_charge',
        aggregateId: randomUUID(),
        eventType: 'toll.charge.requested',
        schemaVersion: 1,
        topic: 'toll.charges.v1',
        key: 'AB-123-CD',
        payload: { amountMinor: 350, currency: 'EUR' },
        headers: { 'event-type': 'toll.charge.requested' },
        occurredAt: new Date(),
      };
      const first = await prisma.outboxEvent.create({ data: event });
      const second = await prisma.outboxEvent.create({ data: { ...event, eventId: randomUUID() } });
      expect(typeof first.id).toBe('bigint');
      expect(second.id > first.id).toBe(true);
      expect(first).toMatchObject({
        publishedAt: null,
        publishAttempts: 0,
        payload: event.payload,
      });

      const duplicate = await prisma.outboxEvent.create({ data: event }).catch((e: unknown) => e);
      expect(uniqueViolation(duplicate)).toBe(true);

      // a rolled-back insert notifies nobody
      await expect(
        prisma.$transaction(async (tx) => {
          await tx.outboxEvent.create({ data: { ...event, eventId: randomUUID() } });
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');

      const third = await prisma.outboxEvent.create({ data: { ...event, eventId: randomUUID() } });
      await waitFor(() => notifications.some((n) => n.payload === third.id.toString()));
      expect(notifications.map((n) => [n.channel, n.payload])).toEqual(
        [first, second, third].map((row) => ['outbox_events', row.id.toString()]),
      );

      const unpublished = await prisma.outboxEvent.findMany({
        where: { publishedAt: null },
        orderBy: { id: 'asc' },
      });
      expect(unpublished.map((row) => row.id)).toEqual([first.id, second.id, third.id]);
      await prisma.outboxEvent.update({
        where: { id: first.id },
        data: { publishedAt: new Date() },
      });
      const partialIndex = await prisma.$queryRawUnsafe<Array<{ indexdef: string }>>(
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'outbox_events_unpublished_idx'",
      );
      expect(partialIndex[0].indexdef).toMatch(/WHERE \(published_at IS NULL\)/);
    } finally {
      await listener.end();
    }
  });

  it('sink: ProcessedEvent ledger dedupes by event id', async () => {
    const eventId = randomUUID();
    const row = await prisma.processedEvent.create({
      data: {
        eventId,
        topic: 'toll.charge-results.v1',
        partition: 2,
        offset: 9_007_199_254_740_993n,
        chargeId: randomUUID(),
        outcome: 'SETTLED',
      },
    });
    await expect(prisma.processedEvent.findUnique({ where: { eventId } })).resolves.toEqual(row);
    expect(row.offset).toBe(9_007_199_254_740_993n);
    const again = await prisma.processedEvent
      .create({
        data: {
          eventId,
          topic: 'toll.charge-results.v1',
          partition: 2,
          offset: 1n,
          chargeId: randomUUID(),
          outcome: 'SETTLED',
        },
      })
      .catch((e: unknown) => e);
    expect(uniqueViolation(again)).toBe(true);
  });

  it('nest: DbModule.forRoot provides a connected PrismaService that pings and disconnects on close', async () => {
    const app = await NestFactory.createApplicationContext(
      DbModule.forRoot({ databaseUrl: db.url, poolMax: 2 }),
      { logger: false },
    );
    const service = app.get(PrismaService);
    await expect(pingDatabase(service)).resolves.toMatchObject({ ok: true });
    await expect(service.gatewayCharge.count()).resolves.toBeGreaterThan(0);
    await app.close();
  });

  it('pingDatabase reports a database that is not there, without throwing', async () => {
    const url = new URL(db.url);
    url.pathname = '/no_such_database_paystream';
    const missing = createPrismaClient(url.toString());
    try {
      await expect(pingDatabase(missing)).resolves.toMatchObject({
        ok: false,
        error: expect.any(String),
      });
    } finally {
      await missing.$disconnect();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
