import { POS_ERROR_CODES } from '@paystream/contracts';
import type { PosPayment, PosPaymentAttempt, PosPaymentStatus } from '@paystream/db';

export interface PaymentView {
  id: string;
  status: PosPaymentStatus;
  mode: string;
  error?: string;
  declineCode: string | null;
  resolution: string | null;
  storeId: string;
  terminalId: string;
  amount: number;
  currency: string;
  gatewayChargeId: string | null;
  deadlineAt: string;
  createdAt: string;
  attempts: {
    attemptNo: number;
    outcome: string | null;
    httpStatus: number | null;
    latencyMs: number | null;
  }[];
}

export interface PaymentAnswer {
  status: number;
  body: PaymentView;
}

/** HTTP status of a payment's outcome: the same status for the first answer and every replay. */
const HTTP_STATUS: Record<PosPaymentStatus, number> = {
  approved: 201,
  declined: 402,
  gateway_unavailable: 503,
  timed_out: 504,
  reversed: 504,
  failed: 502,
  pending: 409,
};

const ERROR_CODE: Partial<Record<PosPaymentStatus, string>> = {
  declined: POS_ERROR_CODES.cardDeclined,
  gateway_unavailable: POS_ERROR_CODES.gatewayUnavailable,
  timed_out: POS_ERROR_CODES.gatewayTimeout,
  reversed: POS_ERROR_CODES.gatewayTimeout,
  failed: POS_ERROR_CODES.gatewayError,
  pending: POS_ERROR_CODES.paymentInProgress,
};

export function toPaymentAnswer(
  payment: PosPayment & { attempts: PosPaymentAttempt[] },
): PaymentAnswer {
  const lastOutcome = payment.attempts.at(-1)?.outcome;
  // The till's screen needs to tell "circuit open" from "gateway answered 5xx"; both are 503.
  // …and a 504 from a reset or 5xx (the gateway may have charged) from a plain timeout.
  const outcomeUnknown =
    payment.status === 'timed_out' &&
    (lastOutcome === 'unreachable' || lastOutcome === 'gateway_error');
  // A queued payment refused with no gateway attempt never left the till: the queue was unavailable.
  const queueUnavailable =
    payment.status === 'gateway_unavailable' &&
    payment.mode === 'queue' &&
    payment.attempts.length === 0;
  const error =
    payment.status === 'gateway_unavailable' && lastOutcome === 'circuit_open'
      ? POS_ERROR_CODES.circuitOpen
      : queueUnavailable
        ? POS_ERROR_CODES.queueUnavailable
        : outcomeUnknown
          ? POS_ERROR_CODES.gatewayOutcomeUnknown
          : ERROR_CODE[payment.status];
  return {
    status: HTTP_STATUS[payment.status],
    body: {
      id: payment.id,
      status: payment.status,
      mode: payment.mode,
      ...(error ? { error } : {}),
      declineCode: payment.declineCode,
      resolution: payment.resolution,
      storeId: payment.storeId,
      terminalId: payment.terminalId,
      amount: payment.amountMinor,
      currency: payment.currency,
      gatewayChargeId: payment.gatewayChargeId,
      deadlineAt: payment.deadlineAt.toISOString(),
      createdAt: payment.createdAt.toISOString(),
      attempts: payment.attempts.map((a) => ({
        attemptNo: a.attemptNo,
        outcome: a.outcome,
        httpStatus: a.httpStatus,
        latencyMs: a.latencyMs,
      })),
    },
  };
}
