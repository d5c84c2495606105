import { DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@paystream/config';
import { DbModule } from '@paystream/db';
import { KafkaModule } from '@paystream/kafka';
import { ObservabilityModule } from '@paystream/observability';
import { DB_SINK_SERVICE_NAME, DbSinkConfig } from './config/db-sink.config';
import { SinkModule } from './sink/sink.module';

@Module({})
export class AppModule {
  static forRoot(config: DbSinkConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot({ service: DB_SINK_SERVICE_NAME, logLevel: config.LOG_LEVEL }),
        DbModule.forRoot({
          databaseUrl: config.DATABASE_URL,
          // Every write is SqlService's: without PrismaService, Prisma's query compiler is never loaded.
          prisma: false,
          // A batch's transaction runs on node-postgres (SqlService): these bound it as
          // Prisma's transaction maxWait/timeout did.
          poolWaitMs: config.DATABASE_TX_MAX_WAIT_MS,
          statementTimeoutMs: config.DATABASE_TX_TIMEOUT_MS,
        }),
        KafkaModule.forRoot({ clientId: config.KAFKA_CLIENT_ID, brokers: config.KAFKA_BROKERS }),
        SinkModule,
      ],
    };
  }
}
