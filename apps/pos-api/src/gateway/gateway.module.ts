import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { GATEWAY_CLIENT, GatewayClient } from '@paystream/gateway-client';
import { PosConfig } from '../config/pos.config';
import { PaymentRecordsModule } from '../payment-records/payment-records.module';
import { GatewayBreaker } from './gateway.breaker';
import { GatewayCaller } from './gateway.caller';

/**
 * The gateway as the till sees it: a typed client, the breaker in front of
 * charges, and the caller that records each attempt.
 */
@Global()
@Module({
  imports: [PaymentRecordsModule],
  providers: [
    {
      provide: GATEWAY_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: PosConfig) =>
        new GatewayClient({
          baseUrl: config.GATEWAY_URL,
          defaultTimeoutMs: config.GATEWAY_RESOLUTION_TIMEOUT_MS,
        }),
    },
    GatewayBreaker,
    GatewayCaller,
  ],
  exports: [GATEWAY_CLIENT, GatewayBreaker, GatewayCaller],
})
export class GatewayModule {}
