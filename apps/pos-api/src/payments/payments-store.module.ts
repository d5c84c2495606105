import { Module } from '@nestjs/common';
import { GatewayCaller } from './gateway-caller';
import { PaymentOutcomeRecorder } from './payment-outcome.recorder';
import { PaymentsRepository } from './payments.repository';
import { PosMetrics } from './pos.metrics';

/** What every path that touches a payment shares (the till, the queue worker, the resolution). */
@Module({
  providers: [PaymentsRepository, GatewayCaller, PaymentOutcomeRecorder, PosMetrics],
  exports: [PaymentsRepository, GatewayCaller, PaymentOutcomeRecorder, PosMetrics],
})
export class PaymentsStoreModule {}
