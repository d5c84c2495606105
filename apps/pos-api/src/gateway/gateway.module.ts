import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { GATEWAY_CLIENT, GatewayClient } from '@paystream/gateway-client';
import { PosConfig } from '../config/pos.config';
import { GatewayBreaker } from './gateway-breaker';

/** The gateway as the till sees it: a typed client plus the breaker in front of charges. */
@Global()
@Module({
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
  ],
  exports: [GATEWAY_CLIENT, GatewayBreaker],
})
export class GatewayModule {}
