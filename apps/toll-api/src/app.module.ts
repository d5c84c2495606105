import { DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@paystream/config';
import { ObservabilityModule } from '@paystream/observability';
import { ChargesModule } from './charges/charges.module';
import { TOLL_API_SERVICE_NAME, TollApiConfig } from './config/toll-api.config';
import { DatabaseModule } from './database/database.module';
import { ExitsModule } from './exits/exits.module';

@Module({})
export class AppModule {
  static forRoot(config: TollApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot({ service: TOLL_API_SERVICE_NAME, logLevel: config.LOG_LEVEL }),
        DatabaseModule.forRoot({
          databaseUrl: config.DATABASE_URL,
          poolMax: config.DATABASE_POOL_MAX,
        }),
        ExitsModule,
        ChargesModule,
      ],
    };
  }
}
