/**
 * The key the till sends to the gateway for a payment: derived from the
 * payment's id, so every call about it (charge, lookup after a timeout) uses
 * the same key and the gateway can never charge it twice.
 */
export function gatewayIdempotencyKey(paymentId: string): string {
  return `pos-${paymentId}`;
}
