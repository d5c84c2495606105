/** Base of every failure the gateway client reports, so callers can catch them as one family. */
export abstract class GatewayClientError extends Error {
  /** Whether the gateway's health is in question (a circuit breaker counts these). */
  abstract readonly gatewayFault: boolean;
}
