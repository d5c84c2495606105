import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { assertNoEviction, bullmqConnection } from '@paystream/redis';
import { Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { ChargeWorkerConfig } from '../config/charge-worker.config';
import { ChargeRetryJob, retryJobId } from './charge-retry-job';

/** Job states in which Redis still holds a charge's next attempt. */
const LIVE_STATES = new Set(['delayed', 'waiting', 'active', 'prioritized', 'waiting-children']);

/**
 * Non-blocking retries: a charge that hit a transient gateway failure becomes
 * a delayed BullMQ job, its Kafka offset can be committed, and the partition
 * keeps flowing. The worker half runs in the same process.
 *
 * Redis is only an accelerator: it keeps nothing on disk by default, so this
 * class also answers "does Redis still hold this charge's future?" (for the
 * re-drive sweep, which re-drives from Postgres what Redis lost).
 */
@Injectable()
export class ChargeRetryQueue implements OnModuleInit, OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly queue: Queue<ChargeRetryJob>;
  private worker: Worker<ChargeRetryJob> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: ChargeWorkerConfig) {
    this.connection = bullmqConnection(config.REDIS_URL);
    this.queue = new Queue<ChargeRetryJob>(config.RETRY_QUEUE_NAME, {
      connection: this.connection,
      prefix: config.RETRY_QUEUE_PREFIX,
    });
  }

  /** A Redis that may evict keys would silently drop scheduled retries: refuse to start. */
  async onModuleInit(): Promise<void> {
    await assertNoEviction(this.connection, this.config.REDIS_URL);
  }

  /** Resolves once the job is stored in Redis: only then may the record's offset be committed. */
  async schedule(job: ChargeRetryJob, delayMs: number): Promise<void> {
    const jobId = retryJobId(job.charge.chargeId, job.attemptsMade + 1, job.inUseWaits ?? 0);
    await this.queue.add('retry-charge', job, {
      jobId,
      delay: delayMs,
      // These attempts cover the job's own infrastructure (Kafka publish failed), not the gateway.
      // When they run out, the job is "failed" (not live) and the re-drive sweep takes the charge over.
      attempts: this.config.RETRY_JOB_INFRA_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.config.RETRY_BASE_DELAY_MS },
      removeOnComplete: { age: this.config.RETRY_JOB_RETENTION_S },
      removeOnFail: { age: this.config.RETRY_JOB_RETENTION_S },
    });
    // Points at the charge's newest job, so liveness is one lookup (job ids carry the attempt number).
    await this.connection.set(
      this.nextJobKey(job.charge.chargeId),
      jobId,
      'EX',
      this.config.RETRY_JOB_RETENTION_S,
    );
  }

  /** True while Redis holds a job that will attempt this charge again. */
  async holdsFutureOf(chargeId: string): Promise<boolean> {
    const jobId = await this.connection.get(this.nextJobKey(chargeId));
    if (!jobId) return false;
    return LIVE_STATES.has(await this.queue.getJobState(jobId));
  }

  /**
   * Claims the re-drive of a charge for `ttlMs` (SET NX): members sweeping at
   * the same time re-drive it once, and a re-driven charge still waiting to be
   * consumed is not re-driven again before the claim expires.
   */
  async claimRedrive(chargeId: string, ttlMs: number): Promise<boolean> {
    const key = `${this.config.RETRY_QUEUE_PREFIX}:${this.config.RETRY_QUEUE_NAME}:redriven:${chargeId}`;
    return (await this.connection.set(key, '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  /** Records, for every member, that the gateway just failed a call (a hint: it expires, and losing it only delays). */
  async markGatewayDown(): Promise<void> {
    await this.connection.set(
      this.gatewayDownKey(),
      new Date().toISOString(),
      'PX',
      // Outlives the longest wait between two failed attempts of a charge, so a quiet outage stays marked.
      2 * this.config.RETRY_MAX_DELAY_MS,
    );
  }

  /** Removes the outage mark; true for the one caller that removed it (that member releases the retries). */
  async clearGatewayDownMark(): Promise<boolean> {
    return (await this.connection.del(this.gatewayDownKey())) === 1;
  }

  /** Runs every delayed retry now; returns how many were waiting. */
  async promoteWaiting(): Promise<number> {
    const waiting = await this.queue.getDelayedCount();
    await this.queue.promoteJobs();
    return waiting;
  }

  startWorker(process: (job: ChargeRetryJob) => Promise<void>): void {
    this.worker = new Worker<ChargeRetryJob>(
      this.config.RETRY_QUEUE_NAME,
      (job: Job<ChargeRetryJob>) => process(job.data),
      {
        connection: this.connection.duplicate(),
        prefix: this.config.RETRY_QUEUE_PREFIX,
        concurrency: this.config.RETRY_WORKER_CONCURRENCY,
      },
    );
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

  private gatewayDownKey(): string {
    return `${this.config.RETRY_QUEUE_PREFIX}:${this.config.RETRY_QUEUE_NAME}:gateway-down`;
  }

  private nextJobKey(chargeId: string): string {
    return `${this.config.RETRY_QUEUE_PREFIX}:${this.config.RETRY_QUEUE_NAME}:next-job:${chargeId}`;
  }
}
