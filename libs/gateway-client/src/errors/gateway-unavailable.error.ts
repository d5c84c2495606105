import { GatewayClientError } from './gateway-client.error';

/**
 * The gateway could not be used: 5xx (including 503 "down"), a connection
 * refused or reset, or an unreadable answer. `outcomeUnknown` says whether a
 * charge may nevertheless exist: only a refused connection (nothing was sent)
 * and the gateway's own "down" answer (given before any work) rule it out; a
 * reset or any other 5xx may come after the charge was committed.
 */
export class GatewayUnavailableError extends GatewayClientError {
  readonly gatewayFault = true;

  constructor(
    message: string,
    /** HTTP status when the gateway answered, undefined when it was not reached. */
    readonly status: number | undefined,
    /** The gateway's `error` code, when it sent one. */
    readonly code: string | undefined,
    readonly outcomeUnknown: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GatewayUnavailableError';
  }
}
