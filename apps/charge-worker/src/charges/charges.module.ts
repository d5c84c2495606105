import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { GATEWAY_CLIENT, GatewayClient } from '@paystream/gateway-client';
import { ChargeWorkerConfig } from '../config/charge-worker.config';
import { GroupController } from '../group/group.controller';
import { ChargeRedriveSweep } from '../redrive/charge-redrive.sweep';
import { PendingChargesRepository } from '../redrive/pending-charges.repository';
import { ChargeRetryDelays } from '../retries/charge-retry-delays';
import { ChargeRetryQueue } from '../retries/charge-retry.queue';
import { GatewayOutageTracker } from '../retries/gateway-outage.tracker';
import { ChargeProcessor } from './charge.processor';
import { ChargeResultsPublisher } from './charge-results.publisher';
import { ChargeWorkerMetrics } from './charge-worker.metrics';
import { ChargesConsumer } from './charges.consumer';

@Module({
  controllers: [GroupController],
  providers: [
    {
      provide: GATEWAY_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: ChargeWorkerConfig) =>
        new GatewayClient({
          baseUrl: config.GATEWAY_URL,
          defaultTimeoutMs: config.GATEWAY_TIMEOUT_MS,
        }),
    },
    {
      provide: ChargeRetryDelays,
      inject: [APP_CONFIG],
      useFactory: (config: ChargeWorkerConfig) =>
        new ChargeRetryDelays({
          baseDelayMs: config.RETRY_BASE_DELAY_MS,
          maxDelayMs: config.RETRY_MAX_DELAY_MS,
          inUseMaxDelayMs: config.RETRY_IN_USE_MAX_DELAY_MS,
        }),
    },
    ChargeRetryQueue,
    GatewayOutageTracker,
    ChargeResultsPublisher,
    ChargeWorkerMetrics,
    ChargeProcessor,
    ChargesConsumer,
    PendingChargesRepository,
    ChargeRedriveSweep,
  ],
})
export class ChargesModule {}
