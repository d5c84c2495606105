import { Injectable } from '@nestjs/common';
import type { PosPayment } from '@paystream/db';
import { paymentMoveOf } from './call-outcome';
import { GatewayCallResult } from './gateway-call-result';
import { PaymentsRepository } from './payments.repository';

/** Turns a gateway answer that arrived in time into the payment's state. */
@Injectable()
export class PaymentOutcomeRecorder {
  constructor(private readonly payments: PaymentsRepository) {}

  /** False when the payment had already moved on (the till gave up first): the answer is then late. */
  recordInTime(payment: PosPayment, result: GatewayCallResult): Promise<boolean> {
    const move = paymentMoveOf(result);
    if (move.status === 'approved') return this.payments.approve(payment.id, move.gatewayChargeId);
    return this.payments.finishPending(payment.id, move.status, {
      declineCode: move.declineCode,
      gatewayChargeId: move.gatewayChargeId,
    });
  }
}
