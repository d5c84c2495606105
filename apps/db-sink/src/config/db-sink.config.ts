import { baseConfigSchema, env } from '@paystream/config';
import { CONSUMER_GROUPS, TOPICS } from '@paystream/contracts';
import { z } from 'zod';

export const dbSinkConfigSchema = baseConfigSchema.extend({
  PORT: env.port(3500),
  HOST: env.string('127.0.0.1'),
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  /** Longest wait for a pooled connection (pg's connectionTimeoutMillis); past it the batch is retried. */
  DATABASE_TX_MAX_WAIT_MS: env.positiveInt(2_000),
  /** Upper bound of one statement of a batch's transaction (Postgres statement_timeout), lock waits included. */
  DATABASE_TX_TIMEOUT_MS: env.positiveInt(5_000),
  KAFKA_BROKERS: env.brokers(),
  KAFKA_CLIENT_ID: env.string('db-sink'),
  /** Overridable so tests use their own topics and group. */
  CHARGE_RESULTS_TOPIC: env.string(TOPICS.tollChargeResults),
  CHARGE_RESULTS_DLQ_TOPIC: env.string(TOPICS.tollChargeResultsDlq),
  CONSUMER_GROUP: env.string(CONSUMER_GROUPS.dbSink),
  /** Partitions written at the same time (one transaction each). */
  PARTITIONS_CONSUMED_CONCURRENTLY: env.positiveInt(2),
  /** Records written per transaction at most (a larger fetch is written in such chunks, each committed). */
  MAX_RECORDS_PER_BATCH: env.positiveInt(500),
  KAFKA_SESSION_TIMEOUT_MS: env.positiveInt(30_000),
  KAFKA_HEARTBEAT_INTERVAL_MS: env.positiveInt(3_000),
  /** Backoff of a partition paused because the database failed (then it is read again from the last commit). */
  DB_OUTAGE_BASE_DELAY_MS: env.positiveInt(500),
  DB_OUTAGE_MAX_DELAY_MS: env.positiveInt(15_000),
});

export type DbSinkConfig = z.infer<typeof dbSinkConfigSchema>;
export const DB_SINK_SERVICE_NAME = 'db-sink';
