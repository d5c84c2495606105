import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { TollChargeRequestedV1, tollChargeRequestedV1Schema } from '@paystream/contracts';
import {
  AppConsumer,
  ConsumedRecord,
  EVENT_PRODUCER,
  EventProducer,
  KAFKA_CLIENT,
} from '@paystream/kafka';
import { ReadinessRegistry } from '@paystream/observability';
import { Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { ChargeWorkerConfig } from '../config/charge-worker.config';
import { ChargeRetryQueue } from '../retries/charge-retry.queue';
import { ChargeProcessor } from './charge.processor';
import { ChargeSource } from './charge.source';
import { ChargeWorkerMetrics } from './charge-worker.metrics';

/**
 * Joins the consumer group on the charges topic. A record is "done" (its
 * offset may be committed) once its result is published or its retry job is
 * stored in Redis. Shutdown order matters: drain the consumer first (it may
 * still schedule retries and publish), then the retry worker, then Kafka.
 */
@Injectable()
export class ChargesConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumer: AppConsumer<TollChargeRequestedV1>;

  constructor(
    @Inject(APP_CONFIG) config: ChargeWorkerConfig,
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(EVENT_PRODUCER) producer: EventProducer,
    private readonly processor: ChargeProcessor,
    private readonly retries: ChargeRetryQueue,
    private readonly readiness: ReadinessRegistry,
    metrics: ChargeWorkerMetrics,
    logger: PinoLogger,
  ) {
    this.consumer = new AppConsumer({
      kafka,
      config,
      topic: config.CHARGES_TOPIC,
      schema: tollChargeRequestedV1Schema,
      deadLetters: { topic: config.CHARGES_DLQ_TOPIC, sink: producer },
      concurrencyPerPartition: config.PARTITION_CONCURRENCY,
      readinessName: 'charges-consumer',
      logger,
      lag: metrics.lag,
      delivery: { deliver: 'record', handle: (record) => this.handle(record) },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.consumer.registerReadiness(this.readiness);
    this.readiness.register({ name: 'redis', check: () => this.retries.ping() });
    this.retries.startWorker((job) =>
      this.processor.attempt(job.charge, job.source, job.attemptsMade + 1, job.inUseWaits ?? 0),
    );
    await this.consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
    await this.retries.stopWorker();
  }

  private async handle(record: ConsumedRecord<TollChargeRequestedV1>): Promise<void> {
    const source: ChargeSource = {
      key: record.key,
      value: JSON.stringify(record.value),
      headers: record.headers,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
    };
    await this.processor.attempt(record.value, source, 1);
  }
}
