import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { QUEUES } from '@paystream/contracts';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { PosConfig } from '../config/pos.config';
import { assertNoEviction } from '../redis/assert-no-eviction';
import { REDIS_CONNECTION } from '../redis/redis.tokens';
import { bullmqConnection } from './bullmq-connection';
import { PosPaymentJob, PosPaymentJobResult } from './pos-payment-job';

/** The till's side of the hybrid: put the payment on the queue and wait for the reply, within the deadline. */
@Injectable()
export class PosPaymentQueue implements OnModuleInit, OnModuleDestroy {
  private queue?: Queue<PosPaymentJob, PosPaymentJobResult>;
  private events?: QueueEvents;
  /** BullMQ does not close connections it was given: we do. */
  private readonly connections: Redis[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: PosConfig,
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
  ) {}

  async onModuleInit(): Promise<void> {
    await assertNoEviction(this.redis);
    const [queueConnection, eventsConnection] = [this.connect(), this.connect()];
    this.queue = new Queue(QUEUES.posPayments, { connection: queueConnection, prefix: this.config.QUEUE_PREFIX });
    this.events = new QueueEvents(QUEUES.posPayments, { connection: eventsConnection, prefix: this.config.QUEUE_PREFIX });
    await this.events.waitUntilReady();
  }

  /** Resolves when the worker finished the job; rejects when `waitMs` passed first. */
  async sendAndWait(job: PosPaymentJob, waitMs: number): Promise<void> {
    if (!this.queue || !this.events) throw new Error('queue not started');
    const retention = { age: this.config.QUEUE_JOB_RETENTION_S };
    // jobId = payment id: a duplicate enqueue of the same payment is a no-op in BullMQ.
    const added = await this.queue.add('charge', job, { jobId: job.paymentId, removeOnComplete: retention, removeOnFail: retention });
    await added.waitUntilFinished(this.events, Math.max(1, waitMs));
  }

  async onModuleDestroy(): Promise<void> {
    await this.events?.close();
    await this.queue?.close();
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }

  private connect(): Redis {
    const connection = bullmqConnection(this.config.REDIS_URL);
    this.connections.push(connection);
    return connection;
  }
}
