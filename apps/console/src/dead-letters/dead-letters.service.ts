import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { DLQ_HEADERS, HEADERS } from '@paystream/contracts';
import {
  EventProducer,
  readDeadLetters,
  replayDeadLetters,
  StoredDeadLetter,
} from '@paystream/kafka';
import { Kafka } from 'kafkajs';
import { ConsoleConfig } from '../config/console.config';
import { KAFKA_CLIENT } from '../sources/sources.tokens';

export type DeadLetterTopicName = 'charges' | 'results';

export interface DeadLetterView {
  topic: string;
  partition: number;
  offset: string;
  at: string;
  key: string | null;
  eventId: string | null;
  reason: string | null;
  errorClass: string | null;
  attempts: string | null;
  originalTopic: string | null;
}

const MAX_LISTED = 200;

/** The dead-letter topics, read from Kafka; re-drive with the same code as `npm run dlq:replay`. */
@Injectable()
export class DeadLettersService implements OnApplicationShutdown {
  private producer: EventProducer | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ConsoleConfig,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
  ) {}

  topicOf(name: DeadLetterTopicName): string {
    return name === 'charges'
      ? this.config.CHARGES_DLQ_TOPIC
      : this.config.CHARGE_RESULTS_DLQ_TOPIC;
  }

  async list(name: DeadLetterTopicName): Promise<DeadLetterView[]> {
    const letters = await readDeadLetters(this.kafka, this.topicOf(name), { limit: MAX_LISTED });
    return letters.reverse().map(toView);
  }

  async replay(
    name: DeadLetterTopicName,
    eventId: string | undefined,
  ): Promise<{ replayed: number; skipped: number }> {
    const letters = (await readDeadLetters(this.kafka, this.topicOf(name))).filter(
      (l) => eventId === undefined || l.headers[HEADERS.eventId] === eventId,
    );
    this.producer ??= await this.connectProducer();
    const outcomes = await replayDeadLetters(this.producer, letters);
    return {
      replayed: outcomes.filter((o) => o.status === 'replayed').length,
      skipped: outcomes.filter((o) => o.status === 'skipped').length,
    };
  }

  private async connectProducer(): Promise<EventProducer> {
    const producer = new EventProducer(this.kafka);
    await producer.connect();
    return producer;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer?.disconnect();
  }
}

function toView(l: StoredDeadLetter): DeadLetterView {
  return {
    topic: l.topic,
    partition: l.partition,
    offset: l.offset,
    at: new Date(Number(l.timestamp)).toISOString(),
    key: l.key,
    eventId: l.headers[HEADERS.eventId] ?? null,
    reason: l.headers[DLQ_HEADERS.reason] ?? null,
    errorClass: l.headers[DLQ_HEADERS.errorClass] ?? null,
    attempts: l.headers[DLQ_HEADERS.attempts] ?? null,
    originalTopic: l.headers[DLQ_HEADERS.originalTopic] ?? null,
  };
}
