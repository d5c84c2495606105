import { baseConfigSchema, env } from '@paystream/config';
import { CONSUMER_GROUPS, QUEUES, TOPICS } from '@paystream/contracts';
import { z } from 'zod';

const optionalUrl = z
  .string()
  .optional()
  .refine(
    (v) => v === undefined || v === '' || /^https?:\/\/\S+$/.test(v),
    'must be an http(s) URL',
  )
  .transform((v) => (v ? v.replace(/\/+$/, '') : undefined));

const urlList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim().replace(/\/+$/, ''))
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^https?:\/\/\S+$/, 'each entry must be an http(s) URL')));

export const consoleConfigSchema = baseConfigSchema.extend({
  PORT: env.port(3600),
  HOST: env.string('127.0.0.1'),
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  KAFKA_BROKERS: env.brokers(),
  KAFKA_CLIENT_ID: env.string('console'),
  REDIS_URL: env.url(['redis', 'rediss']),
  /** The apps whose health and metrics the console reads (blank = not shown). */
  GATEWAY_URL: env.url(['http', 'https']),
  POS_URL: optionalUrl,
  TOLL_URL: optionalUrl,
  RELAY_URLS: urlList,
  WORKER_URLS: urlList,
  SINK_URL: optionalUrl,
  /** The gateway's admin token: the console's fault controls forward it. */
  GATEWAY_ADMIN_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters (the gateway ADMIN_TOKEN)'),
  /**
   * `npm start`'s supervisor (add/stop a worker, stop/start a broker). Blank:
   * those controls are hidden, as under docker compose.
   */
  SUPERVISOR_URL: optionalUrl,
  CHARGES_TOPIC: env.string(TOPICS.tollCharges),
  CHARGE_RESULTS_TOPIC: env.string(TOPICS.tollChargeResults),
  CHARGES_DLQ_TOPIC: env.string(TOPICS.tollChargesDlq),
  CHARGE_RESULTS_DLQ_TOPIC: env.string(TOPICS.tollChargeResultsDlq),
  WORKER_GROUP: env.string(CONSUMER_GROUPS.chargeWorkers),
  SINK_GROUP: env.string(CONSUMER_GROUPS.dbSink),
  /** BullMQ prefixes the apps use (pos-api QUEUE_PREFIX, charge-worker RETRY_QUEUE_PREFIX). */
  RETRY_QUEUE_NAME: env.string(QUEUES.tollChargeRetries),
  RETRY_QUEUE_PREFIX: env.string('bull'),
  POS_QUEUE_NAME: env.string(QUEUES.posPayments),
  POS_QUEUE_PREFIX: env.string('paystream'),
  /** One snapshot of everything per interval, pushed to every open page. */
  SNAPSHOT_INTERVAL_MS: env.positiveInt(1_000),
  /** Snapshots kept for the charts (600 × 1 s = the last 10 minutes). */
  HISTORY_POINTS: env.positiveInt(600),
  /** Newest records kept per partition for the notebooks. */
  RECENT_RECORDS_PER_PARTITION: env.positiveInt(12),
  /** A source (Kafka, Postgres, an app) that does not answer within this is shown as failing. */
  SOURCE_TIMEOUT_MS: env.positiveInt(2_000),
});

export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;
export const CONSOLE_SERVICE_NAME = 'console';
