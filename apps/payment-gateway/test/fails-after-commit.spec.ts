import { randomName } from '@paystream/testing';
import { ADMIN_TOKEN, GatewayHarness, startGateway } from './support/gateway-harness';

const body = () => ({
  amount: 990,
  currency: 'EUR',
  cardToken: 'tok_visa',
  reference: randomName('ref'),
});

describe('payment-gateway: faults after the charge is committed', () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => {
    await gw?.stop();
  });
  afterEach(async () => {
    await gw.setFaults({ resetAfterCommitRate: 0, serverErrorAfterCommitRate: 0 });
  });

  it('lists both after-commit fault rates, 0 by default', async () => {
    const res = await fetch(`${gw.url}/admin/faults`, {
      headers: { 'x-admin-token': ADMIN_TOKEN },
    });
    expect(await res.json()).toMatchObject({
      resetAfterCommitRate: 0,
      serverErrorAfterCommitRate: 0,
    });
  });

  it('reset after commit: the socket closes without a reply, yet the charge and its stored response exist', async () => {
    await gw.setFaults({ resetAfterCommitRate: 1 });
    const key = randomName('key');
    const request = body();
    await expect(gw.charge(request, key)).rejects.toThrow();
    const charge = await gw.prisma.gatewayCharge.findUniqueOrThrow({
      where: { idempotencyKey: key },
    });
    expect(charge.status).toBe('approved');
    expect(
      await gw.prisma.gatewayIdempotencyKey.findUniqueOrThrow({ where: { key } }),
    ).toMatchObject({ state: 'completed', responseStatus: 200 });
    await gw.setFaults({ resetAfterCommitRate: 0 });
    const replay = await gw.charge(request, key);
    expect([replay.status, replay.body.id, replay.headers.get('idempotent-replayed')]).toEqual([
      200,
      charge.id,
      'true',
    ]);
  });

  it('5xx after commit: answers 500 although the charge and its stored response are committed', async () => {
    await gw.setFaults({ serverErrorAfterCommitRate: 1 });
    const key = randomName('key');
    const request = body();
    const res = await gw.charge(request, key);
    expect([res.status, res.body.error]).toEqual([500, 'simulated_server_error']);
    const charge = await gw.prisma.gatewayCharge.findUniqueOrThrow({
      where: { idempotencyKey: key },
    });
    expect(charge.status).toBe('approved');
    await gw.setFaults({ serverErrorAfterCommitRate: 0 });
    const replay = await gw.charge(request, key);
    expect([replay.status, replay.body.id]).toEqual([200, charge.id]);
  });

  it('refuses an out-of-range rate with 400 naming the field', async () => {
    const res = await fetch(`${gw.url}/admin/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-admin-token': ADMIN_TOKEN },
      body: JSON.stringify({ resetAfterCommitRate: 2 }),
    });
    expect(res.status).toBe(400);
    expect(
      ((await res.json()) as { problems: { field: string }[] }).problems.map((p) => p.field),
    ).toEqual(['resetAfterCommitRate']);
  });
});
