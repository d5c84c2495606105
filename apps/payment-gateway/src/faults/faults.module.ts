import { Module } from '@nestjs/common';
import { AdminTokenGuard } from './admin-token.guard';
import { FaultsController } from './faults.controller';
import { FaultsService } from './faults.service';

@Module({
  controllers: [FaultsController],
  providers: [FaultsService, AdminTokenGuard],
  exports: [FaultsService],
})
export class FaultsModule {}
