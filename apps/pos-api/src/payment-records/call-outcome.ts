import { GatewayCallResult } from './gateway-call-result';
import type { AttemptFinish, PendingOutcome } from './payments.sql';

/** Where one gateway call moves a pending payment. */
export type PaymentMove =
  | { status: 'approved'; gatewayChargeId: string }
  | { status: PendingOutcome; declineCode?: string; gatewayChargeId?: string };

/** The payment's next state after a call that was answered (or failed) in time. */
export function paymentMoveOf(result: GatewayCallResult): PaymentMove {
  switch (result.outcome) {
    case 'approved':
      return { status: 'approved', gatewayChargeId: result.charge.id };
    case 'declined':
      return { status: 'declined', declineCode: result.code, gatewayChargeId: result.charge.id };
    default:
      // The gateway may have charged: timed out (504), then resolved by lookup like every unknown outcome.
      if (result.outcomeUnknown) return { status: 'timed_out' };
      // Definite refusals: our own bad request (4xx → failed); the breaker, a refused connection, "down" (503).
      if (
        result.outcome === 'gateway_error' &&
        result.httpStatus !== undefined &&
        result.httpStatus < 500
      ) {
        return { status: 'failed' };
      }
      return { status: 'gateway_unavailable' };
  }
}

/** The attempt's row once the call is over: what the gateway said, or why it said nothing. */
export function attemptFinishOf(
  result: GatewayCallResult,
  latencyMs: number,
  finishedAt: Date,
): AttemptFinish {
  return {
    finishedAt,
    outcome: result.outcome,
    latencyMs,
    httpStatus:
      'charge' in result
        ? result.outcome === 'approved'
          ? 200
          : 402
        : (result.httpStatus ?? null),
    errorMessage: 'message' in result ? result.message.slice(0, 500) : null,
  };
}
