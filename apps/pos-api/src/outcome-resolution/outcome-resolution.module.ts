import { Module } from '@nestjs/common';
import { PaymentRecordsModule } from '../payment-records/payment-records.module';
import { OutcomeResolutionService } from './outcome-resolution.service';
import { OutcomeResolutionSweeper } from './outcome-resolution.sweeper';

@Module({
  imports: [PaymentRecordsModule],
  providers: [OutcomeResolutionService, OutcomeResolutionSweeper],
  exports: [OutcomeResolutionService],
})
export class OutcomeResolutionModule {}
