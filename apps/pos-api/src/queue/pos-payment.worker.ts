import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { QUEUES } from '@paystream/contracts';
import { Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { PosConfig } from '../config/pos.config';
import { GatewayCaller } from '../gateway/gateway.caller';
import { PaymentOutcomeRecorder } from '../payment-records/payment-outcome.recorder';
import { PaymentsRepository } from '../payment-records/payments.repository';
import { OutcomeResolutionService } from '../outcome-resolution/outcome-resolution.service';
import { bullmqConnection } from './bullmq-connection';
import { PosPaymentJob, PosPaymentJobResult } from './pos-payment-job';

/**
 * The far side of the hybrid. Checks the deadline before calling the gateway
 * (an expired job is skipped and recorded, never charged), calls with its own
 * longer timeout, and voids an approval that came back after the deadline.
 */
@Injectable()
export class PosPaymentWorker implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PosPaymentWorker.name);
  private worker?: Worker<PosPaymentJob, PosPaymentJobResult>;
  private connection?: Redis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: PosConfig,
    private readonly payments: PaymentsRepository,
    private readonly caller: GatewayCaller,
    private readonly recorder: PaymentOutcomeRecorder,
    private readonly resolution: OutcomeResolutionService,
  ) {}

  onModuleInit(): void {
    if (!this.config.QUEUE_WORKER_ENABLED) return;
    this.connection = bullmqConnection(this.config.REDIS_URL);
    this.worker = new Worker(QUEUES.posPayments, (job) => this.process(job), {
      connection: this.connection,
      prefix: this.config.QUEUE_PREFIX,
      concurrency: this.config.QUEUE_WORKER_CONCURRENCY,
    });
    this.worker.on('failed', (job, error) =>
      this.logger.error({ err: error, jobId: job?.id }, 'pos payment job failed'),
    );
    // A Redis outage surfaces as 'error' events: log them (unlistened, they would crash the process).
    this.worker.on('error', (error) =>
      this.logger.warn({ err: error }, 'pos payment worker connection error'),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    // BullMQ does not close a connection it was given.
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }

  async process(job: Job<PosPaymentJob>): Promise<PosPaymentJobResult> {
    const { paymentId, deadlineAt } = job.data;
    const payment = await this.payments.find(paymentId);
    if (!payment) return { status: 'missing' };
    if (payment.status !== 'pending' || Date.now() >= deadlineAt) {
      // A stalled job re-run (its worker died mid-call): an earlier run may have charged, so look it up.
      if (payment.attempts.length > 0) return this.resolveEarlierAttempt(paymentId);
      if (await this.payments.markExpiredBeforeCall(paymentId)) {
        this.logger.warn(
          { paymentId },
          'queued payment reached the worker after its deadline: gateway not called',
        );
        return { status: 'expired_before_call' };
      }
      // An attempt was started meanwhile (a concurrent run): resolve like any unknown outcome.
      return this.resolveEarlierAttempt(paymentId);
    }
    const result = await this.caller.charge(payment, this.config.QUEUE_GATEWAY_TIMEOUT_MS);
    const inTime = Date.now() < deadlineAt && (await this.recorder.recordInTime(payment, result));
    if (inTime && 'outcomeUnknown' in result && result.outcomeUnknown)
      this.resolution.scheduleResolve(paymentId);
    if (!inTime) {
      this.logger.warn(
        { paymentId, outcome: result.outcome },
        'gateway reply arrived after the till deadline',
      );
      await this.resolution.handleLateReply(payment, result);
    }
    return { status: (await this.payments.find(paymentId))?.status ?? 'missing' };
  }

  /** Never "not called" when a call may have happened: timed out, then the lookup by key decides (the sweeper retries). */
  private async resolveEarlierAttempt(paymentId: string): Promise<PosPaymentJobResult> {
    await this.payments.finishPending(paymentId, 'timed_out');
    await this.resolution.resolveOrDefer(paymentId);
    return { status: (await this.payments.find(paymentId))?.status ?? 'missing' };
  }
}
