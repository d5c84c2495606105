import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { PosPaymentModeName, PosPaymentRequest } from '@paystream/contracts';
import { PosConfig } from '../config/pos.config';
import { PosPaymentQueue } from '../queue/pos-payment.queue';
import { QueueUnavailableError } from '../queue/queue-unavailable.error';
import { OutcomeResolutionService } from '../outcome-resolution/outcome-resolution.service';
import { GatewayCaller } from '../gateway/gateway.caller';
import { IdempotencyKeyReusedError } from './idempotency-key-reused.error';
import { PaymentInProgressError } from './payment-in-progress.error';
import { PaymentNotFoundError } from './payment-not-found.error';
import { PaymentAnswer, toPaymentAnswer } from './payment-view';
import { PaymentsRepository } from '../payment-records/payments.repository';
import { posRequestHash } from './pos-request-hash';
import { PosMetrics } from '../payment-records/pos.metrics';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: PosConfig,
    private readonly payments: PaymentsRepository,
    private readonly caller: GatewayCaller,
    private readonly resolution: OutcomeResolutionService,
    private readonly queue: PosPaymentQueue,
    private readonly metrics: PosMetrics,
  ) {}

  async pay(
    request: PosPaymentRequest,
    idempotencyKey: string,
    mode: PosPaymentModeName,
  ): Promise<PaymentAnswer> {
    const requestHash = posRequestHash(request);
    const deadlineAt = new Date(Date.now() + this.config.POS_DEADLINE_MS);
    const { created, payment, firstAttemptId } = await this.payments.createOrFind({
      request,
      idempotencyKey,
      requestHash,
      mode,
      deadlineAt,
      // The synchronous till calls the gateway next: its attempt is written with the payment.
      firstAttempt: mode === 'sync',
    });
    if (!created) {
      if (payment.requestHash !== requestHash) throw new IdempotencyKeyReusedError(idempotencyKey);
      // The first request is still waiting on the gateway: never start a second charge.
      if (payment.status === 'pending') throw new PaymentInProgressError(payment.id);
      this.metrics.replays.inc();
      return this.answer(payment.id);
    }
    const remaining = () => deadlineAt.getTime() - Date.now();
    let answer: PaymentAnswer;
    if (mode === 'queue') {
      await this.waitForQueuedCharge(payment.id, deadlineAt.getTime(), remaining());
      answer = await this.answer(payment.id);
    } else {
      // Written by createOrFind with the payment (firstAttempt), so it is there.
      const attemptId = firstAttemptId as string;
      const { result, latencyMs } = await this.caller.attempt(payment, remaining());
      // The attempt's end and the payment's move in one statement, which returns the payment.
      const recorded = await this.payments.recordAttempt(payment.id, attemptId, result, latencyMs);
      // Every outcome the till cannot know goes through the same resolution as a timeout.
      if ('outcomeUnknown' in result && result.outcomeUnknown)
        this.resolution.scheduleResolve(payment.id);
      // Moved on by someone else first (the sweeper): their state is the answer.
      answer = recorded ? toPaymentAnswer(recorded) : await this.answer(payment.id);
    }
    this.metrics.payments.inc({ mode, status: answer.body.status });
    return answer;
  }

  async get(id: string): Promise<PaymentAnswer> {
    if (!UUID.test(id)) throw new PaymentNotFoundError(id);
    return this.answer(id);
  }

  /** Hybrid mode: the job on the queue, and its answer awaited until the deadline. */
  private async waitForQueuedCharge(
    paymentId: string,
    deadlineAt: number,
    remainingMs: number,
  ): Promise<void> {
    try {
      await this.queue.sendAndWait({ paymentId, deadlineAt }, remainingMs);
    } catch (error) {
      if (error instanceof QueueUnavailableError) {
        // Not confirmed on the queue: 503. Should the job still land, the worker never charges a payment no longer pending.
        if (await this.payments.finishPending(paymentId, 'gateway_unavailable')) {
          this.logger.warn({ paymentId, err: error }, 'payment queue unavailable: answered 503');
        }
      } else if (await this.payments.finishPending(paymentId, 'timed_out')) {
        // Out of time (or the job failed): whoever moves the payment first wins; the worker voids a late approval.
        this.logger.warn(
          { paymentId, err: error },
          'queued payment not answered within the deadline',
        );
      }
    }
  }

  private async answer(id: string): Promise<PaymentAnswer> {
    const payment = await this.payments.find(id);
    if (!payment) throw new PaymentNotFoundError(id);
    return toPaymentAnswer(payment);
  }
}
