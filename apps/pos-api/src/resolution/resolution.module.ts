import { Module } from '@nestjs/common';
import { PaymentsStoreModule } from '../payments/payments-store.module';
import { ResolutionService } from './resolution.service';
import { ResolutionSweeper } from './resolution.sweeper';

@Module({ imports: [PaymentsStoreModule], providers: [ResolutionService, ResolutionSweeper], exports: [ResolutionService] })
export class ResolutionModule {}
