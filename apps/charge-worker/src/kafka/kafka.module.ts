import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { createKafka, EventProducer, warnOnResend } from '@paystream/kafka';
import { Admin, Kafka } from 'kafkajs';
import { Logger } from 'nestjs-pino';
import { ChargeWorkerConfig } from '../config/charge-worker.config';
import { EVENT_PRODUCER, KAFKA_ADMIN, KAFKA_CLIENT } from './kafka.tokens';

/** One KafkaJS client per process; the producer (acks=all, idempotent) and admin are shared. */
@Global()
@Module({
  providers: [
    {
      provide: KAFKA_CLIENT,
      inject: [APP_CONFIG, Logger],
      useFactory: (config: ChargeWorkerConfig, logger: Logger) =>
        createKafka({
          clientId: config.KAFKA_CLIENT_ID,
          brokers: config.KAFKA_BROKERS,
          log: (level, message, extra) => (level === 'error' ? logger.error(extra, message) : logger.warn(extra, message)),
        }),
    },
    {
      provide: EVENT_PRODUCER,
      inject: [KAFKA_CLIENT, Logger],
      useFactory: async (kafka: Kafka, logger: Logger) => {
        const producer = new EventProducer(kafka, {
          acks: 'all',
          onResend: warnOnResend((context, message) => logger.warn(context, message)),
        });
        await producer.connect();
        return producer;
      },
    },
    {
      provide: KAFKA_ADMIN,
      inject: [KAFKA_CLIENT],
      useFactory: async (kafka: Kafka) => {
        const admin = kafka.admin();
        await admin.connect();
        return admin;
      },
    },
  ],
  exports: [KAFKA_CLIENT, EVENT_PRODUCER, KAFKA_ADMIN],
})
export class KafkaModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_PRODUCER) private readonly producer: EventProducer,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
  ) {}

  /** Runs after the consumer drained (beforeApplicationShutdown), so last results are still published. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }
}
