import { Module } from '@nestjs/common';
import { PaymentOutcomeRecorder } from './payment-outcome.recorder';
import { PaymentsRepository } from './payments.repository';
import { PosMetrics } from './pos.metrics';

/** The payment records every path shares (the till, the queue worker, the gateway caller, outcome resolution). */
@Module({
  providers: [PaymentsRepository, PaymentOutcomeRecorder, PosMetrics],
  exports: [PaymentsRepository, PaymentOutcomeRecorder, PosMetrics],
})
export class PaymentRecordsModule {}
