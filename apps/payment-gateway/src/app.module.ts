import { DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@paystream/config';
import { DbModule } from '@paystream/db';
import { ObservabilityModule } from '@paystream/observability';
import { ChargesModule } from './charges/charges.module';
import { GATEWAY_SERVICE_NAME, GatewayConfig } from './config/gateway.config';
import { FaultsModule } from './faults/faults.module';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot({ service: GATEWAY_SERVICE_NAME, logLevel: config.LOG_LEVEL }),
        // Every query is a plain statement (charges/*.sql.ts): Prisma's client is never loaded.
        DbModule.forRoot({ databaseUrl: config.DATABASE_URL, readiness: true, prisma: false }),
        FaultsModule,
        ChargesModule,
      ],
    };
  }
}
