import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { subscribeWhenKnown } from '@paystream/kafka';
import { Consumer, Kafka } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import { randomBytes } from 'node:crypto';
import { ConsoleConfig } from '../config/console.config';
import { KAFKA_CLIENT } from './sources.tokens';

/** A record as the notebooks draw it: which vehicle (key), where, when. */
export interface SampledRecord {
  key: string | null;
  offset: string;
  timestamp: number;
}

/**
 * Keeps the newest few records of each partition of the charges topic, read
 * by the console's own consumer (its own throwaway group, from the end, no
 * commits): the notebooks show real records arriving, coloured by key, without
 * the page ever seeing every record.
 */
@Injectable()
export class RecordSampler implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer: Consumer | undefined;
  private readonly recent = new Map<number, SampledRecord[]>();
  private total = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ConsoleConfig,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    private readonly logger: PinoLogger,
  ) {}

  onApplicationBootstrap(): void {
    // In the background: the page works (without samples) while the topic does not exist yet.
    void this.start().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'record sampler could not start; notebooks show no records'),
    );
  }

  private async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: `console-sampler-${randomBytes(4).toString('hex')}`,
      // Nothing to rebalance for: one member, short session.
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    this.consumer = consumer;
    await consumer.connect();
    await subscribeWhenKnown(consumer, {
      topics: [this.config.CHARGES_TOPIC],
      fromBeginning: false,
    });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        this.total++;
        const list = this.recent.get(partition) ?? [];
        list.push({
          key: message.key?.toString() ?? null,
          offset: message.offset,
          timestamp: Number(message.timestamp),
        });
        if (list.length > this.config.RECENT_RECORDS_PER_PARTITION) list.shift();
        this.recent.set(partition, list);
      },
    });
  }

  /** The newest records of one partition, oldest first. */
  recentOf(partition: number): SampledRecord[] {
    return [...(this.recent.get(partition) ?? [])];
  }

  /** Records seen since the console started. */
  get seen(): number {
    return this.total;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
