import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { KAFKA_ADMIN } from './sources.tokens';

/** Connects the shared admin client at start-up and closes it at shutdown. */
@Injectable()
export class KafkaConnections implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(KAFKA_ADMIN) private readonly admin: Admin) {}

  async onModuleInit(): Promise<void> {
    await this.admin.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin.disconnect();
  }
}

export type { Kafka };
