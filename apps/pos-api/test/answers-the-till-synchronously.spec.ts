import { DECLINE_CODES } from '@paystream/contracts';
import { randomName } from '@paystream/testing';
import { startTill, TillHarness, tillBody } from './support/till-harness';

describe('pos-api: a till payment answered within the deadline', () => {
  let h: TillHarness;

  beforeAll(async () => {
    // The deadline is not under test here: a generous one keeps a busy 2-core machine from turning an approval into a 504.
    h = await startTill({ till: { POS_DEADLINE_MS: '10000' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('approves with 201, records the sale in the same transaction, and the gateway shows the charge', async () => {
    const res = await h.pay(tillBody(), { key: randomName('k') });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'approved',
      mode: 'sync',
      amount: 1999,
      currency: 'EUR',
    });
    const id = res.body.id as string;
    expect(await h.prisma.sale.count({ where: { paymentId: id } })).toBe(1);
    const charge = await h.prisma.gatewayCharge.findUniqueOrThrow({
      where: { idempotencyKey: `pos-${id}` },
    });
    expect(charge.status).toBe('approved');
    const attempts = await h.prisma.posPaymentAttempt.findMany({ where: { paymentId: id } });
    expect(attempts.map((a) => a.outcome)).toEqual(['approved']);
  });

  it.each([
    ['an approval', 'tok_visa', 1],
    ['a decline', 'tok_insufficient_funds', 0],
  ])(
    'writes %s in two statements: the payment with its attempt before the call, the outcome after',
    async (_what, cardToken, sales) => {
      const key = randomName('k');
      const sent = h.recordTillStatements();
      let paid: Awaited<ReturnType<TillHarness['pay']>>;
      try {
        paid = await h.pay(tillBody(cardToken), { key });
      } finally {
        sent.restore();
      }
      const id = paid.body.id as string;
      const attempts = await h.prisma.posPaymentAttempt.findMany({ where: { paymentId: id } });
      // This payment's statements only (the till's sweeper shares the pool): by its key, its id or an attempt's id.
      const ours = new Set<unknown>([key, id, ...attempts.map((a) => a.id)]);
      const values = sent.values();
      const mine = sent.texts().filter((_, i) => values[i].some((v) => ours.has(v)));
      expect(mine).toHaveLength(2);
      expect(mine[0]).toMatch(/INSERT INTO pos_payments[\s\S]*INSERT INTO pos_payment_attempts/);
      expect(mine[1]).toMatch(/UPDATE pos_payment_attempts[\s\S]*UPDATE pos_payments/);
      // The answer came from the second statement; the record read afresh says the same.
      const read = await fetch(`${h.tillUrl}/pos/payments/${id}`);
      expect(await read.json()).toEqual(paid.body);
      expect(attempts).toEqual([
        expect.objectContaining({ attemptNo: 1, outcome: paid.body.status }),
      ]);
      expect(await h.prisma.sale.count({ where: { paymentId: id } })).toBe(sales);
    },
  );

  it.each([...DECLINE_CODES])('declines %s with 402 and the code, no sale', async (code) => {
    const res = await h.pay(tillBody(`tok_${code}`), { key: randomName('k') });
    expect(res.status).toBe(402);
    expect(res.body).toMatchObject({
      status: 'declined',
      error: 'card_declined',
      declineCode: code,
    });
    expect(await h.prisma.sale.count({ where: { paymentId: res.body.id as string } })).toBe(0);
  });

  it('replays the same Idempotency-Key with the same status and body: one gateway charge', async () => {
    const key = randomName('k');
    const first = await h.pay(tillBody(), { key });
    const again = await h.pay(tillBody(), { key });
    expect(again).toEqual(first);
    expect(await h.prisma.posPayment.count({ where: { idempotencyKey: key } })).toBe(1);
    expect(
      await h.prisma.gatewayCharge.count({ where: { reference: first.body.id as string } }),
    ).toBe(1);
  });

  it('refuses the same key with a different body (422) and charges nothing new', async () => {
    const key = randomName('k');
    expect((await h.pay(tillBody(), { key })).status).toBe(201);
    const before = await h.prisma.gatewayCharge.count();
    const reused = await h.pay(tillBody('tok_visa', 5000), { key });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ error: 'idempotency_key_reused' });
    expect(await h.prisma.gatewayCharge.count()).toBe(before);
  });

  it('turns concurrent duplicates into one charge', async () => {
    const key = randomName('k');
    const answers = await Promise.all(Array.from({ length: 5 }, () => h.pay(tillBody(), { key })));
    const statuses = answers.map((a) => a.status);
    expect(statuses).toContain(201);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const payments = await h.prisma.posPayment.findMany({ where: { idempotencyKey: key } });
    expect(payments).toHaveLength(1);
    expect(await h.prisma.gatewayCharge.count({ where: { reference: payments[0].id } })).toBe(1);
    expect(await h.prisma.sale.count({ where: { paymentId: payments[0].id } })).toBe(1);
  });

  it('carries a payment over the queue (hybrid) and answers the same way', async () => {
    const viaQuery = await h.pay(tillBody(), { key: randomName('k'), query: '?via=queue' });
    expect(viaQuery.status).toBe(201);
    expect(viaQuery.body).toMatchObject({ status: 'approved', mode: 'queue' });
    const viaHeader = await h.pay(tillBody('tok_expired_card'), {
      key: randomName('k'),
      headers: { 'x-payment-mode': 'queue' },
    });
    expect(viaHeader.status).toBe(402);
    expect(viaHeader.body).toMatchObject({
      status: 'declined',
      mode: 'queue',
      declineCode: 'expired_card',
    });
  });

  it.each([
    ['a missing field', { ...tillBody(), storeId: undefined }, 'storeId'],
    ['an unknown field', { ...tillBody(), tip: 5 }, 'tip'],
    ['a zero amount', tillBody('tok_visa', 0), 'amount'],
    ['a negative amount', tillBody('tok_visa', -100), 'amount'],
    ['an absurd amount', tillBody('tok_visa', 10_000_000_000), 'amount'],
    ['a fractional amount', tillBody('tok_visa', 12.5), 'amount'],
    ['an unknown currency', { ...tillBody(), currency: 'XXX' }, 'currency'],
    [
      'a card number instead of a token',
      { ...tillBody(), cardToken: '4242424242424242' },
      'cardToken',
    ],
  ])(
    'refuses %s with 400 naming the field; nothing stored, gateway not called',
    async (_what, body, field) => {
      const gatewayBefore = await h.gatewayChargeRequests();
      const paymentsBefore = await h.prisma.posPayment.count();
      const res = await h.pay(body, { key: randomName('k') });
      expect(res.status).toBe(400);
      expect((res.body.problems as { field: string }[]).map((p) => p.field)).toContain(field);
      expect(await h.prisma.posPayment.count()).toBe(paymentsBefore);
      expect(await h.gatewayChargeRequests()).toBe(gatewayBefore);
    },
  );

  it('refuses malformed JSON (400), an oversized body (413), a missing key and an unknown mode (400)', async () => {
    const paymentsBefore = await h.prisma.posPayment.count();
    expect((await h.pay(undefined, { key: randomName('k'), raw: '{"storeId": ' })).status).toBe(
      400,
    );
    expect(
      (
        await h.pay(undefined, {
          key: randomName('k'),
          raw: JSON.stringify({ ...tillBody(), pad: 'x'.repeat(64_000) }),
        })
      ).status,
    ).toBe(413);
    const noKey = await h.pay(tillBody());
    expect(noKey.status).toBe(400);
    expect(noKey.body).toMatchObject({ problems: [{ field: 'Idempotency-Key' }] });
    expect(
      (await h.pay(tillBody(), { key: randomName('k'), query: '?via=carrier-pigeon' })).status,
    ).toBe(400);
    expect(await h.prisma.posPayment.count()).toBe(paymentsBefore);
  });

  it('GET /pos/payments/:id returns the record; an unknown id is 404', async () => {
    const paid = await h.pay(tillBody(), { key: randomName('k') });
    const res = await fetch(`${h.tillUrl}/pos/payments/${paid.body.id as string}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(paid.body);
    expect(
      (await fetch(`${h.tillUrl}/pos/payments/00000000-0000-0000-0000-000000000000`)).status,
    ).toBe(404);
  });
});
