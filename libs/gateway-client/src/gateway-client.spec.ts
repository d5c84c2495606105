import { GatewayChargeNotFoundError } from './errors/gateway-charge-not-found.error';
import { GatewayRequestRejectedError } from './errors/gateway-request-rejected.error';
import { GatewayTimeoutError } from './errors/gateway-timeout.error';
import { GatewayUnavailableError } from './errors/gateway-unavailable.error';
import { GatewayClient } from './gateway-client';

const charge = (status: string, declineCode: string | null = null) => ({
  id: 'c1',
  idempotencyKey: 'key-00000001',
  status,
  declineCode,
  amount: 100,
  currency: 'EUR',
  reference: 'r',
  createdAt: new Date(0).toISOString(),
  voidedAt: null,
});
const request = { amount: 100, currency: 'EUR' as const, cardToken: 'tok_visa', reference: 'r' };

/** A client whose fetch answers `status` with `body` (or fails with `error`). */
function clientAnswering(
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): GatewayClient {
  const fetchImpl = (async () =>
    new Response(body === undefined ? '' : JSON.stringify(body), {
      status,
      headers,
    })) as typeof fetch;
  return new GatewayClient({ baseUrl: 'http://gateway', defaultTimeoutMs: 1000, fetch: fetchImpl });
}
function clientFailing(code: string): GatewayClient {
  const fetchImpl = (async () => {
    throw new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
  }) as typeof fetch;
  return new GatewayClient({ baseUrl: 'http://gateway', defaultTimeoutMs: 1000, fetch: fetchImpl });
}
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('GatewayClient: status → outcome or error', () => {
  it('200 approved → approved; replay header read', async () => {
    const outcome = await clientAnswering(200, charge('approved'), {
      'idempotent-replayed': 'true',
    }).charge(request, 'key-00000001');
    expect(outcome).toMatchObject({ kind: 'approved', replayed: true, charge: { id: 'c1' } });
  });

  it('402 declined → declined with the code (an answer, not an error)', async () => {
    expect(
      await clientAnswering(402, charge('declined', 'expired_card')).charge(
        request,
        'key-00000001',
      ),
    ).toMatchObject({
      kind: 'declined',
      code: 'expired_card',
      replayed: false,
    });
  });

  it('200 voided (a replay of a voided charge) → declined "voided", never approved', async () => {
    expect(
      await clientAnswering(200, charge('voided')).charge(request, 'key-00000001'),
    ).toMatchObject({ kind: 'declined', code: 'voided' });
  });

  it.each([
    [
      '503 gateway_down (answered before any work)',
      503,
      { error: 'gateway_down', message: 'down' },
      false,
    ],
    [
      '500 simulated_server_error (may follow a commit)',
      500,
      { error: 'simulated_server_error', message: 'x' },
      true,
    ],
    ['502 without a body', 502, undefined, true],
    ['a 2xx it does not understand', 200, { hello: 'world' }, true],
  ])('%s → GatewayUnavailableError, outcomeUnknown %s', async (_what, status, body, unknown) => {
    const error = await failure(clientAnswering(status, body).charge(request, 'key-00000001'));
    expect(error).toBeInstanceOf(GatewayUnavailableError);
    expect(error).toMatchObject({ status, gatewayFault: true, outcomeUnknown: unknown });
  });

  it.each([
    ['409 idempotency_key_in_use', 409, 'idempotency_key_in_use', true, true],
    ['409 idempotency_key_fenced', 409, 'idempotency_key_fenced', false, false],
    ['422 idempotency_key_reused', 422, 'idempotency_key_reused', false, false],
    ['400 validation_failed', 400, 'validation_failed', false, false],
  ])(
    '%s → GatewayRequestRejectedError (retryable %s, outcomeUnknown %s), not a gateway fault',
    async (_what, status, code, retryable, unknown) => {
      const error = await failure(
        clientAnswering(status, { error: code, message: 'm' }).charge(request, 'key-00000001'),
      );
      expect(error).toBeInstanceOf(GatewayRequestRejectedError);
      expect(error).toMatchObject({
        status,
        code,
        retryable,
        outcomeUnknown: unknown,
        gatewayFault: false,
      });
    },
  );

  it.each([
    ['ECONNREFUSED', false],
    ['ENOTFOUND', false],
    ['ECONNRESET', true],
    ['UND_ERR_SOCKET', true],
  ])(
    'connection error %s → GatewayUnavailableError without status, outcomeUnknown %s',
    async (code, unknown) => {
      const error = await failure(clientFailing(code).charge(request, 'key-00000001'));
      expect(error).toBeInstanceOf(GatewayUnavailableError);
      expect(error).toMatchObject({ status: undefined, outcomeUnknown: unknown });
    },
  );

  it('no answer before the deadline → GatewayTimeoutError, outcome unknown', async () => {
    const hanging = ((_url: string, init: RequestInit) =>
      new Promise((_, reject) =>
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      )) as typeof fetch;
    const client = new GatewayClient({
      baseUrl: 'http://gateway',
      defaultTimeoutMs: 1000,
      fetch: hanging,
    });
    const error = await failure(client.charge(request, 'key-00000001', { timeoutMs: 5 }));
    expect(error).toBeInstanceOf(GatewayTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 5, outcomeUnknown: true, gatewayFault: true });
  });

  it('void / get: 404 → GatewayChargeNotFoundError; lookup and fence return the body', async () => {
    await expect(
      clientAnswering(404, { error: 'charge_not_found' }).void('c1'),
    ).rejects.toBeInstanceOf(GatewayChargeNotFoundError);
    await expect(
      clientAnswering(404, { error: 'charge_not_found' }).getCharge('c1'),
    ).rejects.toBeInstanceOf(GatewayChargeNotFoundError);
    const fenced = { idempotencyKey: 'key-00000001', state: 'fenced', charge: null };
    expect(await clientAnswering(200, fenced).fenceIdempotencyKey('key-00000001')).toEqual(fenced);
    expect(await clientAnswering(200, fenced).lookupByIdempotencyKey('key-00000001')).toEqual(
      fenced,
    );
  });
});
