import { GATEWAY_ERROR_CODES } from '@paystream/contracts';
import { GatewayClientError } from './gateway-client.error';

/**
 * The gateway refused the request itself (4xx other than a card decline):
 * invalid body, key reused with other parameters (422), key still in flight
 * (409 idempotency_key_in_use), key fenced (409 idempotency_key_fenced). The
 * gateway is healthy, so breakers must not count it.
 */
export class GatewayRequestRejectedError extends GatewayClientError {
  readonly gatewayFault = false;

  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(`gateway rejected the request (${status}${code ? ` ${code}` : ''}): ${message}`);
    this.name = 'GatewayRequestRejectedError';
  }

  /** 409 idempotency_key_in_use: the first request is still running; asking again later is safe. */
  get retryable(): boolean {
    return this.status === 409 && this.code !== GATEWAY_ERROR_CODES.idempotencyKeyFenced;
  }

  /**
   * A refusal is definite (nothing charged by this request) except "key in use":
   * another request with the same key is running and may charge it.
   */
  get outcomeUnknown(): boolean {
    return this.retryable;
  }
}
