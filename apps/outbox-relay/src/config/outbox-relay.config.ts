import { baseConfigSchema, env } from '@paystream/config';
import { ACKS_LEVELS } from '@paystream/kafka';
import { z } from 'zod';

export const outboxRelayConfigSchema = baseConfigSchema
  .extend({
    /** Health and metrics only: the relay serves no business API. */
    PORT: env.port(3300),
    HOST: env.string('127.0.0.1'),
    DATABASE_URL: env.url(['postgres', 'postgresql']),
    KAFKA_BROKERS: env.brokers(),
    KAFKA_CLIENT_ID: env.string('outbox-relay'),
    /** none | leader | all. 'all' for money; the others exist for the benchmark's acks table. */
    RELAY_ACKS: z
      .enum(ACKS_LEVELS, { error: `must be one of ${ACKS_LEVELS.join(', ')}` })
      .default('all'),
    RELAY_IDEMPOTENT: env.bool(true),
    /**
     * Each batch is one Kafka transaction (needs RELAY_ACKS=all). A relay that takes over
     * connects with the same transactional id, which makes Kafka abort the old relay's open
     * transaction and refuse its writes: a relay frozen mid-send lands nothing afterwards.
     * Consumers must read committed (KafkaJS's default). Off only for the benchmark.
     */
    RELAY_TRANSACTIONS: env.bool(true),
    /**
     * Shared by every relay of one outbox, unique per outbox on the Kafka cluster.
     * Default: outbox-relay.<database name>.<RELAY_LOCK_KEY>.
     */
    RELAY_TRANSACTIONAL_ID: z.string().min(1).max(200).optional(),
    /** The broker aborts a transaction left open this long (a relay frozen mid-send with no successor). */
    RELAY_TRANSACTION_TIMEOUT_MS: env.positiveInt(30_000),
    /** KafkaJS retries per send before the relay's own backoff takes over (rows stay unpublished). */
    RELAY_PRODUCER_RETRIES: env.int(3),
    /** How long the partition leader waits for in-sync replicas (acks=all) before answering. */
    RELAY_ACK_TIMEOUT_MS: env.positiveInt(10_000),
    RELAY_BATCH_SIZE: env.positiveInt(500),
    /** Safety-net poll; LISTEN/NOTIFY wakes the relay immediately on new rows. */
    RELAY_POLL_INTERVAL_MS: env.positiveInt(5_000),
    /** How often a standby asks for the lock (takeover time after the active relay dies). */
    RELAY_STANDBY_POLL_MS: env.positiveInt(1_000),
    /**
     * Lease of the active relay's session: Postgres ends a session silent this long
     * (idle_session_timeout, TCP keepalives/user timeout), so a frozen or cut-off
     * active relay is replaced after about RELAY_LEASE_MS + RELAY_STANDBY_POLL_MS; a
     * relay sends only while a query it sent less than half a lease ago was answered.
     */
    RELAY_LEASE_MS: env.positiveInt(10_000),
    /** Advisory lock key shared by all relays of one outbox. */
    RELAY_LOCK_KEY: env.int(727_001),
    RELAY_BACKOFF_MIN_MS: env.positiveInt(250),
    RELAY_BACKOFF_MAX_MS: env.positiveInt(10_000),
    /**
     * A row that failed this many times on its own (unknown topic, too large) is held:
     * it and its plate's later rows wait for an operator; other plates go on.
     */
    RELAY_HOLD_AFTER_ATTEMPTS: env.positiveInt(5),
    /** Published rows are kept this long (debugging, replays), then deleted. Default 7 days. */
    RELAY_RETENTION_MS: env.positiveInt(7 * 86_400_000),
    RELAY_CLEANUP_INTERVAL_MS: env.positiveInt(60_000),
    RELAY_NOTIFY_CHANNEL: env.string('outbox_events'),
    /** Create/check the contract topics (TOPIC_SPECS) at start-up. */
    KAFKA_PROVISION_ON_START: env.bool(true),
  })
  .refine((c) => c.RELAY_LEASE_MS >= 1_000, {
    path: ['RELAY_LEASE_MS'],
    message: 'must be at least 1000 (the heartbeat runs every quarter lease)',
  })
  .refine((c) => c.RELAY_BACKOFF_MAX_MS >= c.RELAY_BACKOFF_MIN_MS, {
    path: ['RELAY_BACKOFF_MAX_MS'],
    message: 'must be at least RELAY_BACKOFF_MIN_MS',
  })
  .refine((c) => !c.RELAY_TRANSACTIONS || c.RELAY_ACKS === 'all', {
    path: ['RELAY_TRANSACTIONS'],
    message: 'transactions need RELAY_ACKS=all (set RELAY_TRANSACTIONS=false for other acks)',
  });

/** The transactional id every relay of this outbox shares (see RELAY_TRANSACTIONAL_ID). */
export function relayTransactionalId(config: OutboxRelayConfig): string | undefined {
  if (!config.RELAY_TRANSACTIONS) return undefined;
  if (config.RELAY_TRANSACTIONAL_ID) return config.RELAY_TRANSACTIONAL_ID;
  const database = decodeURIComponent(new URL(config.DATABASE_URL).pathname.slice(1)) || 'postgres';
  return `outbox-relay.${database}.${config.RELAY_LOCK_KEY}`;
}

export type OutboxRelayConfig = z.infer<typeof outboxRelayConfigSchema>;
export const OUTBOX_RELAY_SERVICE_NAME = 'outbox-relay';
