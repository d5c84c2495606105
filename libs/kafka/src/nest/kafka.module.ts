import {
  DynamicModule,
  Inject,
  Module,
  OnApplicationShutdown,
  Optional,
  Provider,
} from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { Logger } from 'nestjs-pino';
import { createKafka } from '../client/create-kafka';
import { EventProducer } from '../producer/event-producer';
import { warnOnResend } from '../producer/warn-on-resend';
import { kafkaLogTo } from './kafka-log.adapter';
import { KafkaModuleOptions } from './kafka-module-options';
import { EVENT_PRODUCER, KAFKA_ADMIN, KAFKA_CLIENT } from './kafka.tokens';

/**
 * One KafkaJS client per process (logging through the app's logger), one shared
 * producer (acks=all, idempotent) and, when asked, one connected admin.
 * Global: `KafkaModule.forRoot({ clientId, brokers })` once in the app module.
 */
@Module({})
export class KafkaModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_PRODUCER) private readonly producer: EventProducer,
    @Optional() @Inject(KAFKA_ADMIN) private readonly admin?: Admin,
  ) {}

  static forRoot(options: KafkaModuleOptions): DynamicModule {
    const providers: Provider[] = [
      {
        provide: KAFKA_CLIENT,
        inject: [Logger],
        useFactory: (logger: Logger) =>
          createKafka({
            clientId: options.clientId,
            brokers: options.brokers,
            log: kafkaLogTo(logger),
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
    ];
    if (options.admin) {
      providers.push({
        provide: KAFKA_ADMIN,
        inject: [KAFKA_CLIENT],
        useFactory: async (kafka: Kafka) => {
          const admin = kafka.admin();
          await admin.connect();
          return admin;
        },
      });
    }
    return {
      module: KafkaModule,
      global: true,
      providers,
      exports: providers.map((provider) => (provider as { provide: symbol }).provide),
    };
  }

  /** Runs after consumers drained (beforeApplicationShutdown), so their last records are still published. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.producer.disconnect(), this.admin?.disconnect()]);
  }
}
