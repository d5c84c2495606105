import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { ChargeWorkerConfig } from '../config/charge-worker.config';
import { ChargeRetryJob, retryJobId } from './charge-retry-job';

/**
 * Non-blocking retries: a charge that hit a transient gateway failure becomes
 * a delayed BullMQ job, its Kafka offset can be committed, and the partition
 * keeps flowing. The worker half runs in the same process.
 */
@Injectable()
export class ChargeRetryQueue implements OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly queue: Queue<ChargeRetryJob>;
  private worker: Worker<ChargeRetryJob> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: ChargeWorkerConfig) {
    // BullMQ workers block on Redis: maxRetriesPerRequest must be null.
    this.connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
    this.queue = new Queue<ChargeRetryJob>(config.RETRY_QUEUE_NAME, {
      connection: this.connection,
      prefix: config.RETRY_QUEUE_PREFIX,
    });
  }

  /** Resolves once the job is stored in Redis: only then may the record's offset be committed. */
  async schedule(job: ChargeRetryJob, delayMs: number): Promise<void> {
    const attemptNo = job.attemptsMade + 1;
    await this.queue.add('retry-charge', job, {
      jobId: retryJobId(job.charge.chargeId, attemptNo),
      delay: delayMs,
      // These attempts cover the job's own infrastructure (Kafka publish failed), not the gateway.
      attempts: this.config.RETRY_JOB_INFRA_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.config.RETRY_BASE_DELAY_MS },
      removeOnComplete: { age: this.config.RETRY_JOB_RETENTION_S },
      removeOnFail: { age: this.config.RETRY_JOB_RETENTION_S },
    });
  }

  startWorker(process: (job: ChargeRetryJob) => Promise<void>): void {
    this.worker = new Worker<ChargeRetryJob>(this.config.RETRY_QUEUE_NAME, (job: Job<ChargeRetryJob>) => process(job.data), {
      connection: this.connection.duplicate(),
      prefix: this.config.RETRY_QUEUE_PREFIX,
      concurrency: this.config.RETRY_WORKER_CONCURRENCY,
    });
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async stopWorker(): Promise<void> {
    // close() waits for active jobs: an in-progress retry finishes (or is retried by BullMQ after a crash).
    await this.worker?.close();
    await this.worker?.disconnect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stopWorker();
    await this.queue.close();
    this.connection.disconnect();
  }
}
