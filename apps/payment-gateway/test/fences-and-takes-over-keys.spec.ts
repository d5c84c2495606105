import { randomName, waitUntil } from '@paystream/testing';
import { Client } from 'pg';
import { chargeRequestHash } from '../src/charges/request-hash';
import { GatewayHarness, startGateway } from './support/gateway-harness';

const body = () => ({
  amount: 4200,
  currency: 'EUR' as const,
  cardToken: 'tok_visa',
  reference: randomName('ref'),
});
type Lookup = { state: string; charge: { id: string; status: string } | null };

describe('payment-gateway: lookups, fences, abandoned keys, the purger', () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    gw = await startGateway({
      IDEMPOTENCY_LOCK_TIMEOUT_MS: '1000',
      IDEMPOTENCY_PURGE_INTERVAL_MS: '200',
    });
  });
  afterAll(async () => {
    await gw?.stop();
  });
  afterEach(async () => {
    await gw.setFaults({ latencyMs: 0 });
  });

  const lookup = async (key: string) =>
    (await (await fetch(`${gw.url}/v1/charges?idempotencyKey=${key}`)).json()) as Lookup;
  const fence = async (key: string) => {
    const res = await fetch(`${gw.url}/v1/idempotency-keys/${key}/fence`, { method: 'POST' });
    return { status: res.status, body: (await res.json()) as Lookup };
  };
  /** An in-flight key left by a request that died long ago (its lock is older than the lock timeout). */
  const abandonedKey = (key: string, requestHash: string) =>
    gw.prisma.gatewayIdempotencyKey.create({
      data: {
        key,
        requestHash,
        state: 'in_flight',
        lockedAt: new Date(Date.now() - 3_600_000),
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });

  it('fences an unknown key: later charges with it are refused and charge nothing', async () => {
    const key = randomName('key');
    expect(await fence(key)).toEqual({
      status: 200,
      body: { idempotencyKey: key, state: 'fenced', charge: null },
    });
    const refused = await gw.charge(body(), key);
    expect([refused.status, refused.body.error]).toEqual([409, 'idempotency_key_fenced']);
    expect(await gw.prisma.gatewayCharge.count({ where: { idempotencyKey: key } })).toBe(0);
    expect(await lookup(key)).toMatchObject({ state: 'fenced', charge: null });
    expect((await fence(key)).body.state).toBe('fenced');
  });

  it('never fences a key that has a charge, nor one a live request holds', async () => {
    const charged = randomName('key');
    const first = await gw.charge(body(), charged);
    expect((await fence(charged)).body).toMatchObject({
      state: 'completed',
      charge: { id: first.body.id, status: 'approved' },
    });

    await gw.setFaults({ latencyMs: 600 });
    const live = randomName('key');
    const pending = gw.charge(body(), live);
    await waitUntil(
      async () => (await gw.prisma.gatewayIdempotencyKey.count({ where: { key: live } })) === 1,
      { description: 'in flight' },
    );
    expect((await fence(live)).body).toMatchObject({ state: 'in_flight', charge: null });
    expect((await pending).status).toBe(200);
  });

  it('a lookup treats an abandoned in-flight key as a charge does (not "in flight" forever), and a fence takes it', async () => {
    const key = randomName('key');
    await abandonedKey(key, chargeRequestHash(body()));
    expect(await lookup(key)).toMatchObject({ state: 'unknown', charge: null });
    expect((await fence(key)).body.state).toBe('fenced');
  });

  it('a charge takes an abandoned key over and charges once', async () => {
    const key = randomName('key');
    const request = body();
    await abandonedKey(key, chargeRequestHash(request));
    const res = await gw.charge(request, key);
    expect([res.status, res.body.status]).toEqual([200, 'approved']);
    expect(await gw.prisma.gatewayCharge.count({ where: { idempotencyKey: key } })).toBe(1);
  });

  it('an owner whose abandoned lock was fenced meanwhile charges nothing', async () => {
    await gw.setFaults({ latencyMs: 2500 });
    const key = randomName('key');
    const slow = gw.charge(body(), key);
    // Past the lock timeout the slow request counts as abandoned: the fence takes its key.
    const fenced = await waitUntil(
      async () => ((await fence(key)).body.state === 'fenced' ? true : undefined),
      { description: 'key fenced' },
    );
    expect(fenced).toBe(true);
    const answer = await slow;
    expect(answer.status).toBe(409);
    expect(await gw.prisma.gatewayCharge.count({ where: { idempotencyKey: key } })).toBe(0);
  });

  it('concurrent requests with one key: exactly one charge, the others 409 in use or the replay', async () => {
    await gw.setFaults({ latencyMs: 400 });
    const key = randomName('key');
    const request = body();
    const answers = await Promise.all(Array.from({ length: 8 }, () => gw.charge(request, key)));
    const fresh = answers.filter(
      (a) => a.status === 200 && a.headers.get('idempotent-replayed') === null,
    );
    expect(fresh).toHaveLength(1);
    for (const a of answers) {
      if (a.status === 409) expect(a.body.error).toBe('idempotency_key_in_use');
      else expect([a.status, a.body.id]).toEqual([200, fresh[0].body.id]);
    }
    expect(await gw.prisma.gatewayCharge.count({ where: { idempotencyKey: key } })).toBe(1);
  });

  it('a lookup never answers "completed" without the charge, even when the charge commits between its reads', async () => {
    const key = randomName('key');
    await gw.prisma.gatewayIdempotencyKey.create({
      // A live lock (not abandoned however slow this machine is).
      data: {
        key,
        requestHash: '2'.repeat(64),
        state: 'in_flight',
        lockedAt: new Date(Date.now() + 3_600_000),
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    // Hold the key table: the lookup's read of it waits, whatever it has read of the charges meanwhile.
    const writer = new Client({ connectionString: gw.databaseUrl });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query('LOCK TABLE gateway_idempotency_keys IN ACCESS EXCLUSIVE MODE');
      const answer = lookup(key);
      await waitUntil(
        async () => {
          const { rows } = await writer.query(
            `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
           WHERE c.relname = 'gateway_idempotency_keys' AND NOT l.granted`,
          );
          return rows[0].n > 0;
        },
        { description: 'the lookup waiting on the key table' },
      );
      // While it waits, the charge is written and the key completed (as the gateway's own charge path would).
      await writer.query(
        `INSERT INTO gateway_charges (idempotency_key, request_hash, amount_minor, currency, card_token, reference, status)
         VALUES ($1, $2, 100, 'EUR', 'tok_visa', 'r', 'approved')`,
        [key, '2'.repeat(64)],
      );
      await writer.query(
        `UPDATE gateway_idempotency_keys SET state = 'completed', response_status = 200, locked_at = NULL WHERE key = $1`,
        [key],
      );
      await writer.query('COMMIT');
      const seen = await answer;
      // Either the moment before (in flight, no charge yet) or after (completed with its charge): never a mix.
      expect([
        ['in_flight', false],
        ['completed', true],
      ]).toContainEqual([seen.state, seen.charge !== null]);
    } finally {
      await writer.end();
    }
  });

  it('the purger deletes expired keys but never a fence', async () => {
    const expired = randomName('key');
    const fencedKey = randomName('key');
    const past = new Date(Date.now() - 1000);
    await gw.prisma.gatewayIdempotencyKey.create({
      data: {
        key: expired,
        requestHash: '1'.repeat(64),
        state: 'completed',
        lockedAt: null,
        expiresAt: past,
      },
    });
    await fence(fencedKey);
    await gw.prisma.gatewayIdempotencyKey.update({
      where: { key: fencedKey },
      data: { expiresAt: past },
    });
    await waitUntil(
      async () => (await gw.prisma.gatewayIdempotencyKey.count({ where: { key: expired } })) === 0,
      { description: 'purged' },
    );
    expect(
      await gw.prisma.gatewayIdempotencyKey.findUnique({ where: { key: fencedKey } }),
    ).toMatchObject({ state: 'fenced' });
    expect((await gw.charge(body(), fencedKey)).status).toBe(409);
  });
});
