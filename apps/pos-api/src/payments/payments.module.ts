import { Module } from '@nestjs/common';
import { PosQueueModule } from '../queue/pos-queue.module';
import { ResolutionModule } from '../resolution/resolution.module';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';
import { PaymentsStoreModule } from './payments-store.module';

@Module({
  imports: [PaymentsStoreModule, ResolutionModule, PosQueueModule],
  controllers: [PaymentsController],
  providers: [PaymentsService],
})
export class PaymentsModule {}
