import { randomUUID } from 'node:crypto';
import { DatabasePool, PrismaService, SqlService } from '@paystream/db';
import { createTestDatabase, recordPoolStatements, TestDatabase } from '@paystream/testing';
import type { GatewayCharge } from '@paystream/contracts';
import type { GatewayCallResult } from '../src/payment-records/gateway-call-result';
import { PaymentsRepository } from '../src/payment-records/payments.repository';

/**
 * The till's hot path writes and reads payments with raw statements (payments.sql.ts): each must
 * store and return exactly what the Prisma model calls it replaced did, and keep their guarantees
 * (one payment per key, approve only a pending payment and always with its one sale).
 */
describe('the payment records, one statement each', () => {
  let db: TestDatabase;
  let database: DatabasePool;
  let prisma: PrismaService;
  let payments: PaymentsRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    database = new DatabasePool({ databaseUrl: db.url });
    prisma = new PrismaService(database);
    payments = new PaymentsRepository(new SqlService(database));
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.onModuleDestroy();
    await db?.drop();
  });

  const newPayment = (idempotencyKey = `key-${randomUUID()}`, firstAttempt = false) =>
    payments.createOrFind({
      request: {
        storeId: 'store-1',
        terminalId: 'till-1',
        amount: 1299,
        currency: 'EUR',
        cardToken: 'tok_visa',
      },
      idempotencyKey,
      requestHash: 'a'.repeat(64),
      mode: 'sync',
      deadlineAt: new Date(Date.now() + 2_000),
      firstAttempt,
    });
  const viaPrisma = (id: string) =>
    prisma.posPayment.findUnique({
      where: { id },
      include: { attempts: { orderBy: { attemptNo: 'asc' } } },
    });

  it('creates a payment once per key, returning the row as Prisma reads it', async () => {
    const first = await newPayment();
    expect(first.created).toBe(true);
    expect(first.payment).toEqual(
      await prisma.posPayment.findUnique({ where: { id: first.payment.id } }),
    );
    expect(first.payment).toMatchObject({ status: 'pending', resolutionAttempts: 0 });

    const again = await newPayment(first.payment.idempotencyKey);
    expect(again).toEqual({ created: false, payment: first.payment });
    expect(
      await prisma.posPayment.count({
        where: { idempotencyKey: first.payment.idempotencyKey },
      }),
    ).toBe(1);
  });

  it('numbers attempts 1, 2… and reads a payment with its attempts as Prisma does', async () => {
    const { payment } = await newPayment();
    expect(await payments.find(payment.id)).toEqual(await viaPrisma(payment.id));
    const first = await payments.startAttempt(payment.id);
    await payments.finishAttempt(
      first.id,
      { outcome: 'timeout', message: 'no answer', outcomeUnknown: true },
      2_000,
    );
    await payments.startAttempt(payment.id);

    const found = await payments.find(payment.id);
    expect(found?.attempts.map((a) => [a.attemptNo, a.outcome])).toEqual([
      [1, 'timeout'],
      [2, null],
    ]);
    expect(found).toEqual(await viaPrisma(payment.id));
    expect(await payments.find(randomUUID())).toBeNull();
  });

  it('finishes an attempt with every column the model update wrote, and only an existing one', async () => {
    const { payment } = await newPayment();
    const charge = { id: randomUUID() } as GatewayCharge;
    const finished = async (result: GatewayCallResult) => {
      const attempt = await payments.startAttempt(payment.id);
      const before = Date.now();
      await payments.finishAttempt(attempt.id, result, 37);
      const row = await prisma.posPaymentAttempt.findUniqueOrThrow({ where: { id: attempt.id } });
      expect(row.finishedAt!.getTime()).toBeGreaterThanOrEqual(before - 1);
      return {
        outcome: row.outcome,
        httpStatus: row.httpStatus,
        errorMessage: row.errorMessage,
        latencyMs: row.latencyMs,
      };
    };
    expect(await finished({ outcome: 'approved', charge })).toEqual({
      outcome: 'approved',
      httpStatus: 200,
      errorMessage: null,
      latencyMs: 37,
    });
    expect(await finished({ outcome: 'declined', code: 'card_declined', charge })).toEqual({
      outcome: 'declined',
      httpStatus: 402,
      errorMessage: null,
      latencyMs: 37,
    });
    expect(
      await finished({
        outcome: 'gateway_error',
        message: 'x'.repeat(600),
        httpStatus: 502,
        outcomeUnknown: true,
      }),
    ).toEqual({
      outcome: 'gateway_error',
      httpStatus: 502,
      errorMessage: 'x'.repeat(500),
      latencyMs: 37,
    });
    expect(
      await finished({ outcome: 'unreachable', message: 'ECONNREFUSED', outcomeUnknown: false }),
    ).toEqual({
      outcome: 'unreachable',
      httpStatus: null,
      errorMessage: 'ECONNREFUSED',
      latencyMs: 37,
    });
    await expect(
      payments.finishAttempt(randomUUID(), { outcome: 'approved', charge }, 1),
    ).rejects.toThrow(/does not exist/);
  });

  it("takes the till's hot path straight to the pool, two statements around the call", async () => {
    const sent = recordPoolStatements(database.pool);
    try {
      const { payment, firstAttemptId } = await newPayment(undefined, true);
      const recorded = await payments.recordAttempt(
        payment.id,
        firstAttemptId!,
        { outcome: 'approved', charge: { id: randomUUID() } as GatewayCharge },
        5,
      );
      expect(sent.kinds()).toEqual(['text', 'text']);
      expect(recorded).toEqual(await payments.find(payment.id));
    } finally {
      sent.restore();
    }
  });

  it('writes a new payment with its attempt 1 in one statement, and neither for a taken key', async () => {
    const first = await newPayment(undefined, true);
    expect(first.created).toBe(true);
    expect(first.payment).toEqual(
      await prisma.posPayment.findUnique({ where: { id: first.payment.id } }),
    );
    expect((await viaPrisma(first.payment.id))?.attempts).toEqual([
      expect.objectContaining({
        id: first.firstAttemptId,
        attemptNo: 1,
        startedAt: first.payment.createdAt,
        finishedAt: null,
        outcome: null,
      }),
    ]);
    const again = await newPayment(first.payment.idempotencyKey, true);
    expect(again).toEqual({ created: false, payment: first.payment });
    expect(again.firstAttemptId).toBeUndefined();
    expect(await prisma.posPaymentAttempt.count({ where: { paymentId: first.payment.id } })).toBe(
      1,
    );
  });

  it('records the attempt and the outcome in one statement, answering as find reads the payment', async () => {
    const record = async (result: GatewayCallResult) => {
      const { payment, firstAttemptId } = await newPayment(undefined, true);
      const recorded = await payments.recordAttempt(payment.id, firstAttemptId!, result, 37);
      expect(recorded).toEqual(await viaPrisma(payment.id));
      const sales = await prisma.sale.count({ where: { paymentId: payment.id } });
      const [attempt] = recorded!.attempts;
      return {
        status: recorded!.status,
        declineCode: recorded!.declineCode,
        charged: recorded!.gatewayChargeId,
        attempt: [attempt.outcome, attempt.httpStatus, attempt.latencyMs, attempt.errorMessage],
        sales,
      };
    };
    const charge = { id: randomUUID() } as GatewayCharge;
    expect(await record({ outcome: 'approved', charge })).toEqual({
      status: 'approved',
      declineCode: null,
      charged: charge.id,
      attempt: ['approved', 200, 37, null],
      sales: 1,
    });
    expect(await record({ outcome: 'declined', code: 'expired_card', charge })).toEqual({
      status: 'declined',
      declineCode: 'expired_card',
      charged: charge.id,
      attempt: ['declined', 402, 37, null],
      sales: 0,
    });
    expect(
      await record({ outcome: 'timeout', message: 'no answer', outcomeUnknown: true }),
    ).toEqual({
      status: 'timed_out',
      declineCode: null,
      charged: null,
      attempt: ['timeout', null, 37, 'no answer'],
      sales: 0,
    });
    expect(
      await record({
        outcome: 'gateway_error',
        message: 'bad request',
        httpStatus: 400,
        outcomeUnknown: false,
      }),
    ).toMatchObject({ status: 'failed', attempt: ['gateway_error', 400, 37, 'bad request'] });
    expect(
      await record({ outcome: 'circuit_open', message: 'open', outcomeUnknown: false }),
    ).toMatchObject({ status: 'gateway_unavailable', sales: 0 });
  });

  it('answers with every attempt in order, the earlier ones as stored and this one as recorded', async () => {
    const { payment } = await newPayment();
    const first = await payments.startAttempt(payment.id);
    await payments.finishAttempt(
      first.id,
      { outcome: 'unreachable', message: 'ECONNRESET', outcomeUnknown: true },
      12,
    );
    const second = await payments.startAttempt(payment.id);
    const recorded = await payments.recordAttempt(
      payment.id,
      second.id,
      { outcome: 'approved', charge: { id: randomUUID() } as GatewayCharge },
      8,
    );
    expect(recorded?.attempts.map((a) => [a.attemptNo, a.outcome, a.latencyMs])).toEqual([
      [1, 'unreachable', 12],
      [2, 'approved', 8],
    ]);
    expect(recorded).toEqual(await viaPrisma(payment.id));
  });

  it('leaves a payment that moved on first as it is, and still finishes the attempt', async () => {
    const { payment, firstAttemptId } = await newPayment(undefined, true);
    // The sweeper got there first.
    expect(await payments.finishPending(payment.id, 'timed_out')).toBe(true);
    const late = await payments.recordAttempt(
      payment.id,
      firstAttemptId!,
      { outcome: 'approved', charge: { id: randomUUID() } as GatewayCharge },
      2_500,
    );
    expect(late).toBeNull();
    const stored = await viaPrisma(payment.id);
    expect(stored).toMatchObject({ status: 'timed_out', gatewayChargeId: null });
    expect(stored?.attempts).toEqual([
      expect.objectContaining({ outcome: 'approved', httpStatus: 200, latencyMs: 2_500 }),
    ]);
    expect(await prisma.sale.count({ where: { paymentId: payment.id } })).toBe(0);
    await expect(
      payments.recordAttempt(
        payment.id,
        randomUUID(),
        { outcome: 'approved', charge: { id: randomUUID() } as GatewayCharge },
        1,
      ),
    ).rejects.toThrow(/does not exist/);
  });

  it('backs a resolution off per try, capped, and leaves a resolved payment alone', async () => {
    const { payment } = await newPayment();
    expect(await payments.finishPending(payment.id, 'timed_out')).toBe(true);
    const now = new Date('2026-11-30T12:00:00.000Z');
    const nextTries: number[] = [];
    for (let i = 0; i < 4; i++) {
      await payments.deferResolution(payment.id, now, 1_000, 3_000);
      const row = await prisma.posPayment.findUniqueOrThrow({ where: { id: payment.id } });
      nextTries.push(row.nextResolutionAt!.getTime() - now.getTime());
      expect(row.resolutionAttempts).toBe(i + 1);
    }
    // base × 2^tries before this one, at most the cap
    expect(nextTries).toEqual([1_000, 2_000, 3_000, 3_000]);

    expect(
      await payments.markResolved(payment.id, 'confirmed_declined', {
        declineCode: 'do_not_honor',
      }),
    ).toBe(true);
    expect(await payments.markResolved(payment.id, 'charge_not_found')).toBe(false);
    await payments.deferResolution(payment.id, now, 1_000, 3_000);
    expect(await prisma.posPayment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({
      status: 'timed_out',
      resolution: 'confirmed_declined',
      declineCode: 'do_not_honor',
      resolutionAttempts: 4,
    });
  });

  it('lists unresolved timeouts due now, never-tried first, and times out stale pending ones', async () => {
    const stale = (await newPayment()).payment;
    await prisma.posPayment.update({
      where: { id: stale.id },
      data: { deadlineAt: new Date('2000-01-01T00:00:00Z') },
    });
    expect(await payments.timeOutStalePending(new Date('2000-01-02T00:00:00Z'))).toBe(1);
    const [tried, due] = [(await newPayment()).payment, (await newPayment()).payment];
    for (const p of [tried, due]) await payments.finishPending(p.id, 'timed_out');
    const now = new Date();
    await payments.deferResolution(tried.id, new Date(now.getTime() - 10_000), 1_000, 1_000);
    await payments.deferResolution(due.id, now, 60_000, 60_000); // not due for a minute
    const listed = await payments.unresolvedTimeouts(1_000, now);
    expect(listed.indexOf(stale.id)).toBeGreaterThanOrEqual(0);
    expect(listed.indexOf(stale.id)).toBeLessThan(listed.indexOf(tried.id));
    expect(listed).not.toContain(due.id);
  });

  it('voids a late approval over any earlier conclusion, and expires only a payment never tried', async () => {
    const late = (await newPayment()).payment;
    await payments.finishPending(late.id, 'timed_out');
    await payments.markResolved(late.id, 'charge_not_found');
    const chargeId = randomUUID();
    expect(await payments.markReversed(late.id, chargeId)).toBe(true);
    expect(await prisma.posPayment.findUniqueOrThrow({ where: { id: late.id } })).toMatchObject({
      status: 'reversed',
      resolution: 'voided_late_approval',
      gatewayChargeId: chargeId,
    });
    expect(await payments.markReversed(late.id, randomUUID())).toBe(false);

    const neverTried = (await newPayment()).payment;
    const tried = (await newPayment()).payment;
    await payments.startAttempt(tried.id);
    expect(await payments.markExpiredBeforeCall(neverTried.id)).toBe(true);
    expect(await payments.markExpiredBeforeCall(tried.id)).toBe(false);
    expect(
      await prisma.posPayment.findUniqueOrThrow({ where: { id: neverTried.id } }),
    ).toMatchObject({
      status: 'timed_out',
      resolution: 'expired_before_call',
    });
  });

  it('approves a pending payment with its one sale, and nothing that has moved on', async () => {
    const { payment } = await newPayment();
    const chargeId = randomUUID();
    expect(await payments.approve(payment.id, chargeId)).toBe(true);
    expect(await prisma.posPayment.findUnique({ where: { id: payment.id } })).toMatchObject({
      status: 'approved',
      gatewayChargeId: chargeId,
    });
    expect(await prisma.sale.findMany({ where: { paymentId: payment.id } })).toEqual([
      expect.objectContaining({ storeId: 'store-1', amountMinor: 1299, currency: 'EUR' }),
    ]);
    // A second approval (a late duplicate) changes nothing and writes no second sale.
    expect(await payments.approve(payment.id, randomUUID())).toBe(false);
    expect(await prisma.sale.count({ where: { paymentId: payment.id } })).toBe(1);

    const timedOut = (await newPayment()).payment;
    expect(await payments.finishPending(timedOut.id, 'timed_out')).toBe(true);
    expect(await payments.approve(timedOut.id, randomUUID())).toBe(false);
    expect(await prisma.posPayment.findUnique({ where: { id: timedOut.id } })).toMatchObject({
      status: 'timed_out',
      gatewayChargeId: null,
    });
    expect(await prisma.sale.count({ where: { paymentId: timedOut.id } })).toBe(0);
  });

  it('finishes a pending payment as the model call did, and nothing that has moved on', async () => {
    const { payment } = await newPayment();
    const chargeId = randomUUID();
    expect(
      await payments.finishPending(payment.id, 'declined', {
        declineCode: 'insufficient_funds',
        gatewayChargeId: chargeId,
      }),
    ).toBe(true);
    const declined = await prisma.posPayment.findUniqueOrThrow({ where: { id: payment.id } });
    // Only the status, the extras given and updated_at (as Prisma's @updatedAt) changed.
    expect(declined).toEqual({
      ...payment,
      status: 'declined',
      declineCode: 'insufficient_funds',
      gatewayChargeId: chargeId,
      updatedAt: expect.any(Date),
    });
    expect(declined.updatedAt.getTime()).toBeGreaterThanOrEqual(payment.updatedAt.getTime());

    // No longer pending: a second outcome (a late duplicate) changes nothing.
    expect(await payments.finishPending(payment.id, 'timed_out')).toBe(false);
    expect(await prisma.posPayment.findUnique({ where: { id: payment.id } })).toEqual(declined);

    // Extras left out keep their columns as they were (Prisma leaves out an absent key).
    const unavailable = (await newPayment()).payment;
    const earlierCharge = randomUUID();
    await prisma.posPayment.update({
      where: { id: unavailable.id },
      data: { gatewayChargeId: earlierCharge },
    });
    expect(await payments.finishPending(unavailable.id, 'gateway_unavailable')).toBe(true);
    expect(await prisma.posPayment.findUnique({ where: { id: unavailable.id } })).toMatchObject({
      status: 'gateway_unavailable',
      declineCode: null,
      gatewayChargeId: earlierCharge,
    });
  });
});
