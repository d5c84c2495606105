import { DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@paystream/config';
import { ObservabilityModule } from '@paystream/observability';
import { GATEWAY_SERVICE_NAME, GatewayConfig } from './config/gateway.config';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot({ service: GATEWAY_SERVICE_NAME, logLevel: config.LOG_LEVEL }),
      ],
    };
  }
}
