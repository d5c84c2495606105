import { Injectable } from '@nestjs/common';
import type { PosPayment } from '@paystream/db';
import { GatewayCallResult } from './gateway-call-result';
import { PaymentsRepository } from './payments.repository';

/** Turns a gateway answer that arrived in time into the payment's final state. */
@Injectable()
export class PaymentOutcomeRecorder {
  constructor(private readonly payments: PaymentsRepository) {}

  /** False when the payment had already moved on (the till gave up first): the answer is then late. */
  recordInTime(payment: PosPayment, result: GatewayCallResult): Promise<boolean> {
    switch (result.outcome) {
      case 'approved':
        return this.payments.approve(payment, result.charge.id);
      case 'declined':
        return this.payments.finishPending(payment.id, 'declined', { declineCode: result.code, gatewayChargeId: result.charge.id });
      case 'timeout':
        return this.payments.finishPending(payment.id, 'timed_out');
      case 'circuit_open':
      case 'unreachable':
        return this.payments.finishPending(payment.id, 'gateway_unavailable');
      case 'gateway_error':
        // 5xx: the gateway is unavailable; 4xx: it refused our request, which is our bug.
        return this.payments.finishPending(
          payment.id,
          (result.httpStatus ?? 500) >= 500 ? 'gateway_unavailable' : 'failed',
        );
    }
  }
}
