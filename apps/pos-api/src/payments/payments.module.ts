import { Module } from '@nestjs/common';
import { PosQueueModule } from '../queue/pos-queue.module';
import { OutcomeResolutionModule } from '../outcome-resolution/outcome-resolution.module';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';
import { PaymentRecordsModule } from '../payment-records/payment-records.module';

@Module({
  imports: [PaymentRecordsModule, OutcomeResolutionModule, PosQueueModule],
  controllers: [PaymentsController],
  providers: [PaymentsService],
})
export class PaymentsModule {}
