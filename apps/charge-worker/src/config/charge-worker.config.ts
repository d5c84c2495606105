import { baseConfigSchema, env } from '@paystream/config';
import { CONSUMER_GROUPS, QUEUES, TOPICS } from '@paystream/contracts';
import { z } from 'zod';

export const chargeWorkerConfigSchema = baseConfigSchema.extend({
  PORT: env.port(3400),
  HOST: env.string('127.0.0.1'),
  KAFKA_BROKERS: env.brokers(),
  KAFKA_CLIENT_ID: env.string('charge-worker'),
  /** Topic and group names are overridable so tests (and blue/green runs) use their own. */
  CHARGES_TOPIC: env.string(TOPICS.tollCharges),
  CHARGE_RESULTS_TOPIC: env.string(TOPICS.tollChargeResults),
  CHARGES_DLQ_TOPIC: env.string(TOPICS.tollChargesDlq),
  CONSUMER_GROUP: env.string(CONSUMER_GROUPS.chargeWorkers),
  /** Records of one partition charged at once (different plates; one plate is always serial). */
  PARTITION_CONCURRENCY: env.positiveInt(8),
  /** Partitions one member works on at the same time. */
  PARTITIONS_CONSUMED_CONCURRENTLY: env.positiveInt(4),
  KAFKA_SESSION_TIMEOUT_MS: env.positiveInt(30_000),
  KAFKA_HEARTBEAT_INTERVAL_MS: env.positiveInt(3_000),
  GATEWAY_URL: env.url(['http', 'https']),
  /** Deadline of one gateway call; a timeout counts as a transient failure (retried with the same key). */
  GATEWAY_TIMEOUT_MS: env.positiveInt(5_000),
  REDIS_URL: env.url(['redis', 'rediss']),
  /**
   * Postgres, read only: the durable record of PENDING charges, from which a
   * charge whose retry Redis lost (restart, exhausted job) is re-driven.
   */
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  /** A PENDING charge this old with no retry alive in Redis is re-driven (published again to the charges topic). */
  REDRIVE_AFTER_MS: env.positiveInt(15 * 60_000),
  /** How often each member looks for such charges. */
  REDRIVE_INTERVAL_MS: env.positiveInt(60_000),
  /** Charges read per query of a sweep (a sweep pages through all of them). */
  REDRIVE_BATCH_SIZE: env.positiveInt(500),
  RETRY_QUEUE_NAME: env.string(QUEUES.tollChargeRetries),
  RETRY_QUEUE_PREFIX: env.string('bull'),
  /**
   * Transient gateway failures (down, 5xx, timeout) are retried
   * with no attempt limit: a toll charge outlives any outage, and only a
   * permanent refusal ends it FAILED. Delays grow from the base (full jitter)
   * up to the cap, so after an outage of hours a charge is tried again within
   * RETRY_MAX_DELAY_MS of the gateway's return.
   */
  RETRY_BASE_DELAY_MS: env.positiveInt(1_000),
  RETRY_MAX_DELAY_MS: env.positiveInt(5 * 60_000),
  /**
   * A 409 "in use" means the gateway is up and still running the charge's
   * earlier request (one the worker gave up on): it is asked again after a
   * delay drawn the same way but capped here, so the charge settles within
   * seconds of that request's end.
   */
  RETRY_IN_USE_MAX_DELAY_MS: env.positiveInt(5_000),
  /**
   * A member that saw no gateway failure itself asks Redis at most this often
   * whether another member saw the gateway down (so that the first answer
   * after an outage, on any member, releases every waiting retry).
   */
  RETRY_RECOVERY_CHECK_INTERVAL_MS: env.positiveInt(1_000),
  /** Retry jobs run at once in this process. */
  RETRY_WORKER_CONCURRENCY: env.positiveInt(8),
  /** How often BullMQ re-runs a retry job whose own infrastructure failed (Kafka publish), not the gateway. */
  RETRY_JOB_INFRA_ATTEMPTS: env.positiveInt(10),
  /** Completed retry jobs are kept this long so a redelivered record cannot schedule a duplicate job. */
  RETRY_JOB_RETENTION_S: env.positiveInt(7 * 86_400),
});

export type ChargeWorkerConfig = z.infer<typeof chargeWorkerConfigSchema>;
export const CHARGE_WORKER_SERVICE_NAME = 'charge-worker';
