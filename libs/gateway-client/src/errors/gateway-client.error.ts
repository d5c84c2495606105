/** Base of every failure the gateway client reports, so callers can catch them as one family. */
export abstract class GatewayClientError extends Error {
  /** Whether the gateway's health is in question (a circuit breaker counts these). */
  abstract readonly gatewayFault: boolean;
  /**
   * Whether the gateway may have acted on the request (a charge may exist):
   * the caller must look the key up before concluding anything. False only
   * for answers that provably came before any commit.
   */
  abstract readonly outcomeUnknown: boolean;
}
