import { DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@paystream/config';
import { KafkaModule } from '@paystream/kafka';
import { ObservabilityModule } from '@paystream/observability';
import { ChargesModule } from './charges/charges.module';
import { CHARGE_WORKER_SERVICE_NAME, ChargeWorkerConfig } from './config/charge-worker.config';

@Module({})
export class AppModule {
  static forRoot(config: ChargeWorkerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot({
          service: CHARGE_WORKER_SERVICE_NAME,
          logLevel: config.LOG_LEVEL,
        }),
        KafkaModule.forRoot({
          clientId: config.KAFKA_CLIENT_ID,
          brokers: config.KAFKA_BROKERS,
          admin: true,
        }),
        ChargesModule,
      ],
    };
  }
}
