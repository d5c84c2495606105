import { GatewayClientError } from './gateway-client.error';

/**
 * The gateway could not take the request: 5xx (including 503 "down"),
 * connection refused/reset, or an unreadable answer. Nothing is known to have
 * been charged, but a 5xx after processing cannot be ruled out by the client.
 */
export class GatewayUnavailableError extends GatewayClientError {
  readonly gatewayFault = true;

  constructor(
    message: string,
    /** HTTP status when the gateway answered, undefined when it was not reached. */
    readonly status?: number,
    /** The gateway's `error` code, when it sent one. */
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GatewayUnavailableError';
  }
}
