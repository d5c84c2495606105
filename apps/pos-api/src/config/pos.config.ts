import { baseConfigSchema, env } from '@paystream/config';
import { z } from 'zod';

export const posConfigSchema = baseConfigSchema.extend({
  PORT: env.port(4100),
  HOST: env.string('127.0.0.1'),
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  REDIS_URL: env.url(['redis', 'rediss']),
  GATEWAY_URL: env.url(['http', 'https']),
  /** How long the till waits for the gateway before answering 504 (the customer's patience). */
  POS_DEADLINE_MS: env.positiveInt(2_000),
  /** Breaker opens when this % of calls in the rolling window failed (declines never count)… */
  BREAKER_ERROR_THRESHOLD_PERCENT: env.positiveInt(50),
  /** …and at least this many calls were made in the window (a single failure opens nothing). */
  BREAKER_VOLUME_THRESHOLD: env.positiveInt(5),
  /** Time the breaker stays open before letting one probe through (half-open). */
  BREAKER_RESET_TIMEOUT_MS: env.positiveInt(10_000),
  /** Rolling window over which failures are counted. */
  BREAKER_ROLLING_WINDOW_MS: env.positiveInt(10_000),
  /** Deadline of reconciliation calls (lookup by key, void). */
  GATEWAY_RESOLUTION_TIMEOUT_MS: env.positiveInt(2_000),
  /** Delay before the background resolution after a 504, so a request still in transit reaches the gateway first. */
  RESOLUTION_DELAY_MS: env.int(250),
  /** How often the sweeper resolves timed-out payments left unresolved (crash safety). */
  RESOLUTION_SWEEP_INTERVAL_MS: env.positiveInt(5_000),
  /** Longest a sweeper waits before asking again about a payment it could not resolve yet (per-row back-off cap). */
  RESOLUTION_MAX_BACKOFF_MS: env.positiveInt(30_000),
  /** After the deadline, how long a charge may still appear at the gateway before "not found" is final. */
  RESOLUTION_NOT_FOUND_GRACE_MS: env.int(10_000),
  /** A payment still pending this long after its deadline belongs to a crashed request: treat it as timed out. */
  STALE_PENDING_GRACE_MS: env.positiveInt(30_000),
  /** BullMQ key prefix (tests use a random one). */
  QUEUE_PREFIX: env.string('paystream'),
  /** Run the hybrid-mode worker inside this process. */
  QUEUE_WORKER_ENABLED: env.bool(true),
  QUEUE_WORKER_CONCURRENCY: env.positiveInt(4),
  /** The worker's own gateway deadline: longer than the till's, so a late reply is seen (and voided). */
  QUEUE_GATEWAY_TIMEOUT_MS: env.positiveInt(10_000),
  /** How long finished jobs are kept in Redis (seconds). */
  QUEUE_JOB_RETENTION_S: env.positiveInt(3_600),
});

export type PosConfig = z.infer<typeof posConfigSchema>;
export const POS_SERVICE_NAME = 'pos-api';
