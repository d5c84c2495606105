import { Module } from '@nestjs/common';
import { PaymentRecordsModule } from '../payment-records/payment-records.module';
import { OutcomeResolutionModule } from '../outcome-resolution/outcome-resolution.module';
import { PosPaymentQueue } from './pos-payment.queue';
import { PosPaymentWorker } from './pos-payment.worker';

@Module({
  imports: [PaymentRecordsModule, OutcomeResolutionModule],
  providers: [PosPaymentQueue, PosPaymentWorker],
  exports: [PosPaymentQueue],
})
export class PosQueueModule {}
