import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { ChargesController } from './charges.controller';
import { ChargesService } from './charges.service';
import { IdempotencyKeysController } from './idempotency-keys.controller';
import { GatewayMetrics } from './gateway.metrics';
import { IdempotencyKeyPurger } from './idempotency-key.purger';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';

@Module({
  imports: [FaultsModule],
  controllers: [ChargesController, IdempotencyKeysController],
  providers: [ChargesService, IdempotencyKeysRepository, IdempotencyKeyPurger, GatewayMetrics],
})
export class ChargesModule {}
