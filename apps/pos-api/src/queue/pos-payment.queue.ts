import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { QUEUES } from '@paystream/contracts';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { PosConfig } from '../config/pos.config';
import { assertNoEviction } from '../redis/assert-no-eviction';
import { REDIS_CONNECTION } from '../redis/redis.tokens';
import { bullmqConnection } from './bullmq-connection';
import { PosPaymentJob, PosPaymentJobResult } from './pos-payment-job';
import { QueueUnavailableError } from './queue-unavailable.error';
import { QueueWaitTimeoutError } from './queue-wait-timeout.error';
import { withinDeadline } from './within-deadline';

/** The till's side of the hybrid: put the payment on the queue and wait for the reply, within the deadline. */
@Injectable()
export class PosPaymentQueue implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PosPaymentQueue.name);
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
    this.queue = new Queue(QUEUES.posPayments, {
      connection: queueConnection,
      prefix: this.config.QUEUE_PREFIX,
    });
    this.events = new QueueEvents(QUEUES.posPayments, {
      connection: eventsConnection,
      prefix: this.config.QUEUE_PREFIX,
    });
    // Without listeners a Redis outage's 'error' events would crash the process; callers see failures through the deadline.
    this.queue.on('error', (error) =>
      this.logger.warn({ err: error }, 'payment queue connection error'),
    );
    this.events.on('error', (error) =>
      this.logger.warn({ err: error }, 'payment queue events connection error'),
    );
    await this.events.waitUntilReady();
  }

  /**
   * Resolves when the worker finished the job. Everything is bounded by
   * `waitMs`, whatever Redis does: QueueUnavailableError when the job was not
   * confirmed on the queue in time (it may still land later; the worker never
   * charges a payment that is no longer pending), QueueWaitTimeoutError when
   * it was queued but not answered in time.
   */
  async sendAndWait(job: PosPaymentJob, waitMs: number): Promise<void> {
    if (!this.queue || !this.events) throw new Error('queue not started');
    const deadline = Date.now() + waitMs;
    const retention = { age: this.config.QUEUE_JOB_RETENTION_S };
    // jobId = payment id: a duplicate enqueue of the same payment is a no-op in BullMQ.
    const adding = this.queue
      .add('charge', job, {
        jobId: job.paymentId,
        removeOnComplete: retention,
        removeOnFail: retention,
      })
      .catch((error: unknown) => {
        throw new QueueUnavailableError((error as Error)?.message ?? String(error));
      });
    const added = await withinDeadline(
      adding,
      waitMs,
      () => new QueueUnavailableError('enqueue not confirmed before the deadline'),
    );
    const left = Math.max(1, deadline - Date.now());
    await withinDeadline(
      added.waitUntilFinished(this.events, left),
      left,
      () => new QueueWaitTimeoutError(waitMs),
    );
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
