import {
  GATEWAY_ERROR_CODES,
  GatewayCharge,
  GatewayChargeLookup,
  GatewayChargeRequest,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
} from '@paystream/contracts';
import { ChargeOutcome } from './charge-outcome';
import { GatewayChargeNotFoundError } from './errors/gateway-charge-not-found.error';
import { GatewayRequestRejectedError } from './errors/gateway-request-rejected.error';
import { GatewayTimeoutError } from './errors/gateway-timeout.error';
import { GatewayUnavailableError } from './errors/gateway-unavailable.error';
import { CallOptions, GatewayClientOptions } from './gateway-client-options';

/** Connection errors that happen before a byte of the request is sent: nothing can have been charged. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

interface RawResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * Typed HTTP client of the payment gateway. Every call has a deadline
 * (AbortSignal), and every failure is classified: an answer (approved /
 * declined), the gateway unavailable, or a timeout (outcome unknown).
 * App-agnostic: the till and the toll's charge worker both use it.
 */
export class GatewayClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: GatewayClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
  }

  async charge(
    request: GatewayChargeRequest,
    idempotencyKey: string,
    options: CallOptions = {},
  ): Promise<ChargeOutcome> {
    const res = await this.send('POST', '/v1/charges', options, request, {
      [IDEMPOTENCY_KEY_HEADER]: idempotencyKey,
    });
    const replayed = res.headers.get(IDEMPOTENT_REPLAYED_HEADER) === 'true';
    const charge = res.body as GatewayCharge;
    if (res.status === 200 && charge?.status === 'approved')
      return { kind: 'approved', charge, replayed };
    // 402 is the card's answer; a replayed 200 may also carry a charge voided since.
    if ((res.status === 402 || res.status === 200) && charge?.status === 'declined') {
      return { kind: 'declined', code: charge.declineCode ?? 'card_declined', charge, replayed };
    }
    if (res.status === 200 && charge?.status === 'voided') {
      return { kind: 'declined', code: 'voided', charge, replayed };
    }
    throw this.failure(res);
  }

  /** Finds the charge made with an idempotency key (resolution after a timeout). */
  async lookupByIdempotencyKey(
    idempotencyKey: string,
    options: CallOptions = {},
  ): Promise<GatewayChargeLookup> {
    const res = await this.send(
      'GET',
      `/v1/charges?idempotencyKey=${encodeURIComponent(idempotencyKey)}`,
      options,
    );
    if (res.status === 200) return res.body as GatewayChargeLookup;
    throw this.failure(res);
  }

  /**
   * Lookup that makes "not found" final: the gateway fences the key (state
   * `fenced`) when no charge exists and nobody holds it, so no charge can
   * ever be made with it; otherwise it answers like the lookup.
   */
  async fenceIdempotencyKey(
    idempotencyKey: string,
    options: CallOptions = {},
  ): Promise<GatewayChargeLookup> {
    const res = await this.send(
      'POST',
      `/v1/idempotency-keys/${encodeURIComponent(idempotencyKey)}/fence`,
      options,
    );
    if (res.status === 200) return res.body as GatewayChargeLookup;
    throw this.failure(res);
  }

  async getCharge(chargeId: string, options: CallOptions = {}): Promise<GatewayCharge> {
    const res = await this.send('GET', `/v1/charges/${encodeURIComponent(chargeId)}`, options);
    if (res.status === 200) return res.body as GatewayCharge;
    if (res.status === 404) throw new GatewayChargeNotFoundError(chargeId);
    throw this.failure(res);
  }

  /** Voids an approved charge; voiding a voided charge answers the same charge (idempotent). */
  async void(chargeId: string, options: CallOptions = {}): Promise<GatewayCharge> {
    const res = await this.send(
      'POST',
      `/v1/charges/${encodeURIComponent(chargeId)}/void`,
      options,
    );
    if (res.status === 200) return res.body as GatewayCharge;
    if (res.status === 404) throw new GatewayChargeNotFoundError(chargeId);
    throw this.failure(res);
  }

  private async send(
    method: string,
    path: string,
    options: CallOptions,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<RawResponse> {
    const timeoutMs = options.timeoutMs ?? this.options.defaultTimeoutMs;
    const deadline = AbortSignal.timeout(Math.max(1, timeoutMs));
    const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body ? JSON.stringify(body) : undefined,
        signal,
      });
      // Reading the body is still part of the call: the deadline covers it.
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: parseJson(text) };
    } catch (error) {
      if (signal.aborted) throw new GatewayTimeoutError(deadline.aborted ? timeoutMs : undefined);
      const why = describe(error);
      // Only a connection that was never made proves the request was not sent.
      const unknown = !NOT_SENT_CODES.has(why);
      throw new GatewayUnavailableError(
        `gateway not reachable: ${why}`,
        undefined,
        undefined,
        unknown,
        { cause: error },
      );
    }
  }

  private failure(res: RawResponse): Error {
    const payload = (res.body ?? {}) as { error?: unknown; message?: unknown };
    const code = typeof payload.error === 'string' ? payload.error : undefined;
    const message = typeof payload.message === 'string' ? payload.message : `HTTP ${res.status}`;
    if (res.status >= 500) {
      const what =
        code === GATEWAY_ERROR_CODES.gatewayDown
          ? 'gateway is down'
          : `gateway answered ${res.status}`;
      // "down" is answered before the gateway does any work; any other 5xx may follow a commit.
      return new GatewayUnavailableError(
        `${what}: ${message}`,
        res.status,
        code,
        code !== GATEWAY_ERROR_CODES.gatewayDown,
      );
    }
    if (res.status >= 400) return new GatewayRequestRejectedError(res.status, code, message);
    // A 2xx we do not understand: treat the gateway as broken rather than guess an outcome.
    return new GatewayUnavailableError(
      `unexpected gateway answer ${res.status}`,
      res.status,
      code,
      true,
    );
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}
