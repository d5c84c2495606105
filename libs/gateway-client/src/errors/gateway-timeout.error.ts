import { GatewayClientError } from './gateway-client.error';

/**
 * No answer before the call's deadline. The outcome is UNKNOWN: the gateway
 * may still approve; resolve with lookupByIdempotencyKey (and void if needed).
 */
export class GatewayTimeoutError extends GatewayClientError {
  readonly gatewayFault = true;
  readonly outcomeUnknown = true;

  constructor(readonly timeoutMs: number | undefined) {
    super(
      timeoutMs === undefined
        ? 'gateway call aborted by the caller before an answer arrived'
        : `gateway did not answer within ${timeoutMs} ms`,
    );
    this.name = 'GatewayTimeoutError';
  }
}
