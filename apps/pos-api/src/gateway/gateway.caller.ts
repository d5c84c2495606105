import { Inject, Injectable } from '@nestjs/common';
import {
  GATEWAY_CLIENT,
  GatewayClient,
  GatewayRequestRejectedError,
  GatewayTimeoutError,
  GatewayUnavailableError,
} from '@paystream/gateway-client';
import type { GatewayChargeRequest } from '@paystream/contracts';
import type { PosPayment } from '@paystream/db';
import { GatewayCallResult } from '../payment-records/gateway-call-result';
import { PaymentsRepository } from '../payment-records/payments.repository';
import { GatewayBreaker } from './gateway.breaker';
import { gatewayIdempotencyKey } from './gateway-idempotency-key';

/** What one call through the breaker came to, and how long it took. */
export interface GatewayAttempt {
  result: GatewayCallResult;
  latencyMs: number;
}

/** Sends a payment's charge through the breaker and stores the attempt with its outcome. */
@Injectable()
export class GatewayCaller {
  constructor(
    @Inject(GATEWAY_CLIENT) private readonly client: GatewayClient,
    private readonly breaker: GatewayBreaker,
    private readonly payments: PaymentsRepository,
  ) {}

  /** Starts an attempt, calls, and stores the attempt's end (the queue's worker). */
  async charge(payment: PosPayment, timeoutMs: number): Promise<GatewayCallResult> {
    const attempt = await this.payments.startAttempt(payment.id);
    const { result, latencyMs } = await this.attempt(payment, timeoutMs);
    await this.payments.finishAttempt(attempt.id, result, latencyMs);
    return result;
  }

  /** The call alone, for a caller that has stored the attempt's start and stores its end itself. */
  async attempt(payment: PosPayment, timeoutMs: number): Promise<GatewayAttempt> {
    const started = Date.now();
    const result = await this.call(payment, timeoutMs);
    return { result, latencyMs: Date.now() - started };
  }

  private async call(payment: PosPayment, timeoutMs: number): Promise<GatewayCallResult> {
    try {
      const answer = await this.breaker.fire(() =>
        this.client.charge(
          {
            amount: payment.amountMinor,
            // Stored from a request validated by the same currency schema.
            currency: payment.currency as GatewayChargeRequest['currency'],
            cardToken: payment.cardToken,
            reference: payment.id,
            metadata: { storeId: payment.storeId, terminalId: payment.terminalId },
          },
          gatewayIdempotencyKey(payment.id),
          { timeoutMs },
        ),
      );
      return answer.kind === 'approved'
        ? { outcome: 'approved', charge: answer.charge }
        : { outcome: 'declined', code: answer.code, charge: answer.charge };
    } catch (error) {
      return classify(error);
    }
  }
}

/** opossum refusals made before the call ran: the gateway was not called. */
const NOT_CALLED_CODES: ReadonlySet<string> = new Set(['ESHUTDOWN', 'ESEMLOCKED']);

function classify(error: unknown): GatewayCallResult {
  const message = (error as Error)?.message ?? String(error);
  const code = (error as { code?: unknown })?.code;
  if (GatewayBreaker.isOpenCircuit(error))
    return { outcome: 'circuit_open', message, outcomeUnknown: false };
  if (typeof code === 'string' && NOT_CALLED_CODES.has(code))
    return { outcome: 'unreachable', message, outcomeUnknown: false };
  if (error instanceof GatewayTimeoutError)
    return { outcome: 'timeout', message, outcomeUnknown: true };
  if (error instanceof GatewayUnavailableError) {
    return error.status === undefined
      ? { outcome: 'unreachable', message, outcomeUnknown: error.outcomeUnknown }
      : {
          outcome: 'gateway_error',
          message,
          httpStatus: error.status,
          outcomeUnknown: error.outcomeUnknown,
        };
  }
  if (error instanceof GatewayRequestRejectedError) {
    return {
      outcome: 'gateway_error',
      message,
      httpStatus: error.status,
      outcomeUnknown: error.outcomeUnknown,
    };
  }
  // Anything else (a breaker timeout, a bug, shutdown cutting the call) may have happened after the gateway committed.
  return { outcome: 'gateway_error', message, outcomeUnknown: true };
}
