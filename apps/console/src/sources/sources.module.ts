import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { createKafka } from '@paystream/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { ConsoleConfig } from '../config/console.config';
import { DatabasePool } from './database.pool';
import { KafkaConnections } from './kafka.connections';
import { RecordSampler } from './record.sampler';
import { DATABASE_POOL, KAFKA_ADMIN, KAFKA_CLIENT } from './sources.tokens';

/**
 * Where the console reads from: Kafka (admin + a sampling consumer), Postgres
 * (a small read-only pool: the console never writes application data).
 */
@Global()
@Module({
  providers: [
    {
      provide: KAFKA_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: ConsoleConfig) =>
        createKafka({
          clientId: config.KAFKA_CLIENT_ID,
          brokers: config.KAFKA_BROKERS,
          logLevel: logLevel.NOTHING,
        }),
    },
    { provide: KAFKA_ADMIN, inject: [KAFKA_CLIENT], useFactory: (kafka: Kafka) => kafka.admin() },
    {
      provide: DATABASE_POOL,
      inject: [APP_CONFIG],
      useFactory: (config: ConsoleConfig) => {
        const pool = new Pool({
          connectionString: config.DATABASE_URL,
          max: 3,
          statement_timeout: config.SOURCE_TIMEOUT_MS,
        });
        // An idle connection dropped by a Postgres restart must not crash the console.
        pool.on('error', () => undefined);
        return pool;
      },
    },
    DatabasePool,
    KafkaConnections,
    RecordSampler,
  ],
  exports: [KAFKA_CLIENT, KAFKA_ADMIN, DATABASE_POOL, RecordSampler],
})
export class SourcesModule {}
