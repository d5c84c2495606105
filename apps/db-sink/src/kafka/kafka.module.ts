import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { createKafka, EventProducer, warnOnResend } from '@paystream/kafka';
import { Kafka } from 'kafkajs';
import { Logger } from 'nestjs-pino';
import { DbSinkConfig } from '../config/db-sink.config';
import { EVENT_PRODUCER, KAFKA_CLIENT } from './kafka.tokens';

/** One KafkaJS client per process; the producer (acks=all) publishes dead letters. */
@Global()
@Module({
  providers: [
    {
      provide: KAFKA_CLIENT,
      inject: [APP_CONFIG, Logger],
      useFactory: (config: DbSinkConfig, logger: Logger) =>
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
  ],
  exports: [KAFKA_CLIENT, EVENT_PRODUCER],
})
export class KafkaModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_PRODUCER) private readonly producer: EventProducer) {}

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
  }
}
