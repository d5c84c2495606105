import { DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@paystream/config';
import { DbModule } from '@paystream/db';
import { ObservabilityModule } from '@paystream/observability';
import { ChargesModule } from './charges/charges.module';
import { TOLL_API_SERVICE_NAME, TollApiConfig } from './config/toll-api.config';
import { ExitsModule } from './exits/exits.module';

@Module({})
export class AppModule {
  static forRoot(config: TollApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot({ service: TOLL_API_SERVICE_NAME, logLevel: config.LOG_LEVEL }),
        DbModule.forRoot({
          databaseUrl: config.DATABASE_URL,
          poolMax: config.DATABASE_POOL_MAX,
          // The exit is one statement, not a Prisma transaction (exit-intake.sql.ts): its
          // maxWait/timeout bounds are the pool's wait and the statement timeout instead.
          poolWaitMs: config.DATABASE_TX_MAX_WAIT_MS,
          statementTimeoutMs: config.DATABASE_TX_TIMEOUT_MS,
          readiness: true,
          // Every query is a plain statement (exit-intake.sql.ts, charges.sql.ts): no Prisma client.
          prisma: false,
        }),
        ExitsModule,
        ChargesModule,
      ],
    };
  }
}
