import { DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@paystream/config';
import { DbModule } from '@paystream/db';
import { ObservabilityModule } from '@paystream/observability';
import { POS_SERVICE_NAME, PosConfig } from './config/pos.config';
import { GatewayModule } from './gateway/gateway.module';
import { PaymentsModule } from './payments/payments.module';
import { RedisModule } from './redis/redis.module';

/**
 * Readiness covers the database and Redis only. The gateway is deliberately
 * not a readiness check: when it is down the till must stay up and answer 503
 * quickly — that is the point of the story.
 */
@Module({})
export class AppModule {
  static forRoot(config: PosConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot({ service: POS_SERVICE_NAME, logLevel: config.LOG_LEVEL }),
        DbModule.forRoot({
          databaseUrl: config.DATABASE_URL,
          readiness: true,
          // Every statement is SqlService's: without PrismaService, Prisma's client and its query
          // compiler are never loaded (issue 17's memory target).
          prisma: false,
        }),
        RedisModule.forRoot(config.REDIS_URL),
        GatewayModule,
        PaymentsModule,
      ],
    };
  }
}
