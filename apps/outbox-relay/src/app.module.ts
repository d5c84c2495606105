import { DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@paystream/config';
import { ObservabilityModule } from '@paystream/observability';
import { OUTBOX_RELAY_SERVICE_NAME, OutboxRelayConfig } from './config/outbox-relay.config';
import { RelayModule } from './relay/relay.module';

@Module({})
export class AppModule {
  static forRoot(config: OutboxRelayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot({
          service: OUTBOX_RELAY_SERVICE_NAME,
          logLevel: config.LOG_LEVEL,
        }),
        RelayModule,
      ],
    };
  }
}
