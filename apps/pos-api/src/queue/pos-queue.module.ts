import { Module } from '@nestjs/common';
import { PaymentsStoreModule } from '../payments/payments-store.module';
import { ResolutionModule } from '../resolution/resolution.module';
import { PosPaymentQueue } from './pos-payment.queue';
import { PosPaymentWorker } from './pos-payment.worker';

@Module({
  imports: [PaymentsStoreModule, ResolutionModule],
  providers: [PosPaymentQueue, PosPaymentWorker],
  exports: [PosPaymentQueue],
})
export class PosQueueModule {}
