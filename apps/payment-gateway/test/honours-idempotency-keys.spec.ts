import { DECLINE_CODES, TEST_CARD_TOKENS } from '@paystream/contracts';
import { randomName, waitUntil } from '@paystream/testing';
import { GatewayHarness, startGateway } from './support/gateway-harness';

const body = (cardToken: string = TEST_CARD_TOKENS.approve) => ({
  amount: 1250,
  currency: 'EUR',
  cardToken,
  reference: randomName('ref'),
});

describe('payment-gateway: idempotency keys', () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('approves and replays the stored response for the same key: one charge', async () => {
    const key = randomName('key');
    const request = body();
    const first = await gw.charge(request, key);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      status: 'approved',
      amount: 1250,
      currency: 'EUR',
      idempotencyKey: key,
    });
    const again = await gw.charge(request, key);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await gw.prisma.gatewayCharge.count({ where: { idempotencyKey: key } })).toBe(1);
  });

  it.each([...DECLINE_CODES])(
    'declines %s with 402 and the code, and replays the decline',
    async (code) => {
      const key = randomName('key');
      const request = body(`tok_${code}`);
      const first = await gw.charge(request, key);
      expect(first.status).toBe(402);
      expect(first.body).toMatchObject({ status: 'declined', declineCode: code });
      const again = await gw.charge(request, key);
      expect([again.status, again.body]).toEqual([402, first.body]);
    },
  );

  it('refuses the same key with other parameters (422) and charges nothing more', async () => {
    const key = randomName('key');
    const request = body();
    expect((await gw.charge(request, key)).status).toBe(200);
    const reused = await gw.charge({ ...request, amount: 9999 }, key);
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ error: 'idempotency_key_reused' });
    const rows = await gw.prisma.gatewayCharge.findMany({ where: { idempotencyKey: key } });
    expect(rows.map((r) => r.amountMinor)).toEqual([1250]);
  });

  it('answers 409 to a second request while the first is in flight', async () => {
    await gw.setFaults({ latencyMs: 1500 });
    try {
      const key = randomName('key');
      const request = body();
      const first = gw.charge(request, key);
      await waitUntil(
        async () =>
          (await gw.prisma.gatewayIdempotencyKey.count({ where: { key, state: 'in_flight' } })) ===
          1,
        {
          description: 'first request in flight',
        },
      );
      const second = await gw.charge(request, key);
      expect(second.status).toBe(409);
      expect(second.body).toMatchObject({ error: 'idempotency_key_in_use' });
      expect((await first).status).toBe(200);
      expect(await gw.prisma.gatewayCharge.count({ where: { idempotencyKey: key } })).toBe(1);
    } finally {
      await gw.setFaults({ latencyMs: 0 });
    }
  });

  it('does not store a 5xx: the key is released and nothing is charged', async () => {
    const key = randomName('key');
    const res = await gw.charge(body(TEST_CARD_TOKENS.serverError), key);
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ error: 'simulated_server_error' });
    expect(await gw.prisma.gatewayIdempotencyKey.count({ where: { key } })).toBe(0);
    expect(await gw.prisma.gatewayCharge.count({ where: { idempotencyKey: key } })).toBe(0);
  });

  it('refuses a missing key and a bad body with 400 naming the field, storing nothing', async () => {
    const noKey = await gw.charge(body());
    expect(noKey.status).toBe(400);
    expect(noKey.body).toMatchObject({ problems: [{ field: 'Idempotency-Key' }] });
    const key = randomName('key');
    const bad = await gw.charge({ ...body(), amount: -5, extra: 1 }, key);
    expect(bad.status).toBe(400);
    const fields = (bad.body.problems as { field: string }[]).map((p) => p.field).sort();
    expect(fields).toEqual(['amount', 'extra']);
    expect(await gw.prisma.gatewayIdempotencyKey.count({ where: { key } })).toBe(0);
  });

  it('holds tok_timeout past the caller but records the approval, visible by key lookup while in flight', async () => {
    const key = randomName('key');
    const pending = gw.charge(body(TEST_CARD_TOKENS.timeout), key);
    try {
      const lookup = await waitUntil(async () => {
        const res = await fetch(`${gw.url}/v1/charges?idempotencyKey=${key}`);
        const json = (await res.json()) as { state: string; charge: { status: string } | null };
        return json.charge ? json : undefined;
      });
      expect(lookup).toMatchObject({ state: 'in_flight', charge: { status: 'approved' } });
    } finally {
      // The hold is capped (HOLD_MAX_MS): the request does end, with the approval.
      // Awaited even when the lookup fails, so no request is left open at shutdown.
      expect((await pending).status).toBe(200);
    }
  });
});
