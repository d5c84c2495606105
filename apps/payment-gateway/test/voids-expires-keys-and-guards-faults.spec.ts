import { randomName, waitUntil } from '@paystream/testing';
import { ADMIN_TOKEN, GatewayHarness, startGateway } from './support/gateway-harness';

const body = (cardToken = 'tok_visa') => ({
  amount: 700,
  currency: 'GBP',
  cardToken,
  reference: randomName('ref'),
});

describe('payment-gateway: voids, key expiry, fault controls', () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    gw = await startGateway({ IDEMPOTENCY_KEY_TTL_MS: '1500' });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  const post = (path: string) => fetch(`${gw.url}${path}`, { method: 'POST' });

  it('voids an approved charge idempotently; unknown → 404; declined → 409', async () => {
    const approved = await gw.charge(body(), randomName('key'));
    const id = approved.body.id as string;
    const first = await post(`/v1/charges/${id}/void`);
    expect(first.status).toBe(200);
    const firstBody = await first.json();
    expect(firstBody).toMatchObject({ id, status: 'voided' });
    const second = await post(`/v1/charges/${id}/void`);
    expect([second.status, await second.json()]).toEqual([200, firstBody]);
    const unknown = await post('/v1/charges/00000000-0000-0000-0000-000000000000/void');
    expect([unknown.status, ((await unknown.json()) as { error: string }).error]).toEqual([
      404,
      'charge_not_found',
    ]);
    const declined = await gw.charge(body('tok_card_declined'), randomName('key'));
    const refused = await post(`/v1/charges/${declined.body.id as string}/void`);
    expect([refused.status, ((await refused.json()) as { error: string }).error]).toEqual([
      409,
      'charge_not_voidable',
    ]);
  });

  it('replays a voided charge as voided, never the stale approval', async () => {
    const key = randomName('key');
    const request = body();
    const first = await gw.charge(request, key);
    await post(`/v1/charges/${first.body.id as string}/void`);
    const replay = await gw.charge(request, key);
    expect([replay.status, replay.headers.get('idempotent-replayed'), replay.body.status]).toEqual([
      200,
      'true',
      'voided',
    ]);
  });

  it('forgets a stored response after the TTL, yet never makes a second charge for the key', async () => {
    const key = randomName('key');
    const request = body();
    const first = await gw.charge(request, key);
    // Nothing has to fit inside the TTL: wait until the key is forgotten (the answer is no longer a replay).
    const after = await waitUntil(
      async () => {
        const res = await gw.charge(request, key);
        return res.headers.get('idempotent-replayed') === null ? res : undefined;
      },
      { description: 'key expired' },
    );
    expect([after.status, after.body.id]).toEqual([200, first.body.id]);
    expect(await gw.prisma.gatewayCharge.count({ where: { idempotencyKey: key } })).toBe(1);
  });

  it('guards /admin/faults with the admin token; when down, charges get 503 but admin and health work', async () => {
    expect((await fetch(`${gw.url}/admin/faults`)).status).toBe(401);
    expect(
      (
        await fetch(`${gw.url}/admin/faults`, {
          headers: { 'x-admin-token': 'wrong-token-wrong-token' },
        })
      ).status,
    ).toBe(401);
    await gw.setFaults({ down: true });
    try {
      const res = await gw.charge(body(), randomName('key'));
      expect([res.status, res.body.error]).toEqual([503, 'gateway_down']);
      const faults = await fetch(`${gw.url}/admin/faults`, {
        headers: { 'x-admin-token': ADMIN_TOKEN },
      });
      expect(await faults.json()).toMatchObject({ down: true });
      expect((await fetch(`${gw.url}/health/ready`)).status).toBe(200);
    } finally {
      await gw.setFaults({ down: false });
    }
    expect((await gw.charge(body(), randomName('key'))).status).toBe(200);
  });
});
