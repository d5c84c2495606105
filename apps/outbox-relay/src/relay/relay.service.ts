import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { APP_CONFIG } from '@paystream/config';
import { TOPIC_SPECS } from '@paystream/contracts';
import { createKafka, EventProducer, provisionTopics, warnOnResend } from '@paystream/kafka';
import { METRICS_REGISTRY, ReadinessRegistry } from '@paystream/observability';
import { KafkaOutboxPublisher, OutboxRelay } from '@paystream/outbox';
import { Kafka } from 'kafkajs';
import { OutboxRelayConfig, relayTransactionalId } from '../config/outbox-relay.config';
import { RelayMetrics } from './relay.metrics';

/** Runs the OutboxRelay engine inside the Nest app: start on boot, drain on SIGTERM. */
@Injectable()
export class RelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly kafka: Kafka;
  private readonly publisher: KafkaOutboxPublisher;
  private readonly relay: OutboxRelay;
  private readonly metrics: RelayMetrics;
  private readonly transactional: boolean;

  constructor(
    @Inject(APP_CONFIG) private readonly config: OutboxRelayConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly readiness: ReadinessRegistry,
    @InjectPinoLogger(RelayService.name) private readonly logger: PinoLogger,
  ) {
    this.kafka = createKafka({
      clientId: config.KAFKA_CLIENT_ID,
      brokers: config.KAFKA_BROKERS,
      log: (level, message, extra) => this.logger[level](extra, message),
    });
    const warn = warnOnResend((context, message) => this.logger.warn(context, message));
    const transactionalId = relayTransactionalId(config);
    this.transactional = transactionalId !== undefined;
    this.publisher = new KafkaOutboxPublisher(
      () =>
        new EventProducer(this.kafka, {
          acks: config.RELAY_ACKS,
          idempotent: config.RELAY_IDEMPOTENT,
          retries: config.RELAY_PRODUCER_RETRIES,
          ackTimeoutMs: config.RELAY_ACK_TIMEOUT_MS,
          transactionalId,
          transactionTimeoutMs: config.RELAY_TRANSACTION_TIMEOUT_MS,
          onResend: (reason, resend) => {
            this.metrics.unacknowledgedResends.inc();
            warn(reason, resend);
          },
        }),
    );
    this.relay = new OutboxRelay(
      {
        databaseUrl: config.DATABASE_URL,
        batchSize: config.RELAY_BATCH_SIZE,
        pollIntervalMs: config.RELAY_POLL_INTERVAL_MS,
        standbyPollMs: config.RELAY_STANDBY_POLL_MS,
        lockKey: config.RELAY_LOCK_KEY,
        leaseMs: config.RELAY_LEASE_MS,
        holdAfterAttempts: config.RELAY_HOLD_AFTER_ATTEMPTS,
        backoffMinMs: config.RELAY_BACKOFF_MIN_MS,
        backoffMaxMs: config.RELAY_BACKOFF_MAX_MS,
        retentionMs: config.RELAY_RETENTION_MS,
        cleanupIntervalMs: config.RELAY_CLEANUP_INTERVAL_MS,
        channel: config.RELAY_NOTIFY_CHANNEL,
      },
      this.publisher,
      {
        onRoleChange: (role, previous) => {
          this.metrics.active.set(role === 'active' ? 1 : 0);
          this.logger.info({ role, previous, pid: process.pid }, `outbox relay is now ${role}`);
        },
        onBatchPublished: (rows, seconds) => {
          this.metrics.batches.inc();
          this.metrics.published.inc(rows);
          this.metrics.publishLatency.observe(seconds);
          this.logger.debug({ rows, seconds }, 'batch published');
        },
        onPublishFailed: (error, rows, failures, retryInMs) => {
          this.metrics.failures.inc({ error: error.name });
          this.logger.warn(
            { err: error, rows, failures, retryInMs },
            `publish failed (${error.name}); rows kept, retrying`,
          );
        },
        onRowHeld: (row, error, attempts) => {
          this.metrics.held.inc();
          this.logger.error(
            {
              err: error,
              outboxId: row.id,
              eventId: row.eventId,
              topic: row.topic,
              key: row.key,
              attempts,
            },
            `outbox row ${row.id} cannot be published and is held; key ${row.key} waits behind it ` +
              '(fix and release it, or dead-letter it: docs/asynchronous-story-outbox.md)',
          );
        },
        onCleanup: (deleted) =>
          this.logger.info({ deleted }, 'deleted published outbox rows past retention'),
        onPublisherConnectFailed: (error) =>
          this.logger.warn(
            { err: error },
            'Kafka not reachable on becoming active; retrying per batch',
          ),
        onConnectionError: (error) =>
          this.logger.warn({ err: error }, 'outbox database session failed; reconnecting'),
      },
    );
    this.metrics = new RelayMetrics(registry, () => this.relay.backlog());
  }

  async onApplicationBootstrap(): Promise<void> {
    this.readiness.register({ name: 'database', check: () => this.relay.pingDatabase() });
    this.readiness.register({
      name: 'kafka',
      check: async () => {
        // A transactional standby holds no producer on purpose (connecting would fence the active one).
        if (this.transactional && this.relay.role !== 'active') return;
        if (!this.publisher.isConnected) throw new Error('producer not connected to Kafka');
      },
    });
    if (this.config.KAFKA_PROVISION_ON_START) await this.provision();
    // Connect eagerly for readiness; if Kafka is down the relay still starts and retries per batch.
    // Not with transactions: the producer connects when this relay becomes active.
    if (!this.transactional)
      await this.publisher
        .connect()
        .catch((error: Error) => this.logger.warn({ err: error }, 'Kafka not reachable yet'));
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.logger.info('stopping: finishing the in-flight batch, then releasing the lock');
    await this.relay.stop();
  }

  private async provision(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const report = await provisionTopics(admin, TOPIC_SPECS);
      this.logger.info(report, 'topics provisioned');
    } finally {
      await admin.disconnect();
    }
  }
}
