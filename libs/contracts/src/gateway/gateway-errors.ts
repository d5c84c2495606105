/** `error` values in the gateway's JSON error bodies: clients branch on these, never on messages. */
export const GATEWAY_ERROR_CODES = {
  /** Same Idempotency-Key, different parameters (422). */
  idempotencyKeyReused: 'idempotency_key_reused',
  /** Same Idempotency-Key while the first request is still being processed (409). */
  idempotencyKeyInUse: 'idempotency_key_in_use',
  /**
   * The key was fenced by a lookup that found nothing (409): no charge will
   * ever be made with it, so "not found" is final for the caller.
   */
  idempotencyKeyFenced: 'idempotency_key_fenced',
  chargeNotFound: 'charge_not_found',
  /** Only approved charges can be voided (409). */
  chargeNotVoidable: 'charge_not_voidable',
  /** The simulator is switched "down" (503). */
  gatewayDown: 'gateway_down',
  /** tok_server_error or the injected error rate (500). */
  simulatedServerError: 'simulated_server_error',
  /** Missing or wrong x-admin-token (401). */
  adminTokenInvalid: 'admin_token_invalid',
} as const;
export type GatewayErrorCode = (typeof GATEWAY_ERROR_CODES)[keyof typeof GATEWAY_ERROR_CODES];

/** Response header set to "true" when the body is a stored response replayed for a repeated key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';
