import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { TollChargeResultV1, tollChargeResultV1Schema } from '@paystream/contracts';
import {
  AppConsumer,
  ConsumedRecord,
  EVENT_PRODUCER,
  EventProducer,
  KAFKA_CLIENT,
  RejectedRecord,
} from '@paystream/kafka';
import { ReadinessRegistry } from '@paystream/observability';
import { RetryPolicy } from '@paystream/retry';
import { Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { DbSinkConfig } from '../config/db-sink.config';
import { ChargeResultsWriter } from './charge-results.writer';
import { DbSinkMetrics } from './db-sink.metrics';
import { RefusedByDatabaseError } from './refused-by-database.error';
import { UnknownChargeError } from './unknown-charge.error';

/**
 * Kafka → Postgres. Each fetched batch becomes one database transaction; the
 * offsets are committed by the consumer only after the handler returned, i.e.
 * after the transaction committed. A database failure makes the handler throw:
 * the consumer pauses the partition, rewinds it to the last commit and
 * resumes after a backoff — nothing is skipped. A result Postgres refuses
 * because of its data is isolated by the writer and dead-letters, with the
 * reason, instead of stalling the partition.
 */
@Injectable()
export class ChargeResultsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: AppConsumer<TollChargeResultV1>;

  constructor(
    @Inject(APP_CONFIG) config: DbSinkConfig,
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(EVENT_PRODUCER) producer: EventProducer,
    private readonly writer: ChargeResultsWriter,
    private readonly metrics: DbSinkMetrics,
    private readonly readiness: ReadinessRegistry,
    logger: PinoLogger,
  ) {
    this.consumer = new AppConsumer({
      kafka,
      config,
      topic: config.CHARGE_RESULTS_TOPIC,
      schema: tollChargeResultV1Schema,
      deadLetters: { topic: config.CHARGE_RESULTS_DLQ_TOPIC, sink: producer },
      maxRecordsPerBatch: config.MAX_RECORDS_PER_BATCH,
      pausePolicy: new RetryPolicy({
        maxAttempts: Number.MAX_SAFE_INTEGER,
        baseDelayMs: config.DB_OUTAGE_BASE_DELAY_MS,
        maxDelayMs: config.DB_OUTAGE_MAX_DELAY_MS,
      }),
      readinessName: 'results-consumer',
      logger,
      lag: metrics.lag,
      delivery: { deliver: 'batch', handle: (records) => this.writeBatch(records) },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.consumer.registerReadiness(this.readiness);
    await this.consumer.start();
  }

  /**
   * Drains here, not in beforeApplicationShutdown: Nest runs every
   * onModuleDestroy (DatabasePool's ends the pool) before any
   * beforeApplicationShutdown, so a batch in flight at SIGTERM would lose its
   * database. This module's destroy hook runs before the global DbModule's.
   */
  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }

  private async writeBatch(
    records: ConsumedRecord<TollChargeResultV1>[],
  ): Promise<RejectedRecord<TollChargeResultV1>[]> {
    const summary = await this.writer.write(records);
    this.metrics.batchSize.observe(records.length);
    for (const [outcome, rows] of Object.entries(summary.applied))
      this.metrics.rowsWritten.inc({ outcome }, rows);
    this.metrics.duplicatesSkipped.inc(summary.duplicates);
    this.metrics.deadLettered.inc(summary.unknownCharges.length + summary.refused.length);
    return [
      ...summary.unknownCharges.map((record) => ({
        record,
        error: new UnknownChargeError(record.value.chargeId),
      })),
      ...summary.refused.map(({ record, refusal, attempts }) => ({
        record,
        error: new RefusedByDatabaseError(refusal, attempts),
      })),
    ];
  }
}
