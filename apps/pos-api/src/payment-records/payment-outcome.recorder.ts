import { Injectable } from '@nestjs/common';
import type { PosPayment } from '@paystream/db';
import { GatewayCallResult } from './gateway-call-result';
import { PaymentsRepository } from './payments.repository';

/** Turns a gateway answer that arrived in time into the payment's state. */
@Injectable()
export class PaymentOutcomeRecorder {
  constructor(private readonly payments: PaymentsRepository) {}

  /** False when the payment had already moved on (the till gave up first): the answer is then late. */
  recordInTime(payment: PosPayment, result: GatewayCallResult): Promise<boolean> {
    switch (result.outcome) {
      case 'approved':
        return this.payments.approve(payment.id, result.charge.id);
      case 'declined':
        return this.payments.finishPending(payment.id, 'declined', {
          declineCode: result.code,
          gatewayChargeId: result.charge.id,
        });
      default:
        // The gateway may have charged: timed out (504), then resolved by lookup like every unknown outcome.
        if (result.outcomeUnknown) return this.payments.finishPending(payment.id, 'timed_out');
        // Definite refusals: the breaker or a refused connection / "down" (503), our own bad request (4xx → failed).
        if (
          result.outcome === 'gateway_error' &&
          result.httpStatus !== undefined &&
          result.httpStatus < 500
        ) {
          return this.payments.finishPending(payment.id, 'failed');
        }
        return this.payments.finishPending(payment.id, 'gateway_unavailable');
    }
  }
}
