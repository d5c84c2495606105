import { Injectable } from '@nestjs/common';
import { PosPaymentRequest } from '@paystream/contracts';
import {
  SqlService,
  type PosPayment,
  type PosPaymentAttempt,
  type PosPaymentMode,
  type PosPaymentResolution,
} from '@paystream/db';
import { attemptFinishOf, paymentMoveOf } from './call-outcome';
import { GatewayCallResult } from './gateway-call-result';
import {
  approveStatement,
  deferResolutionStatement,
  createPaymentStatement,
  createPaymentWithFirstAttemptStatement,
  finishAttemptStatement,
  finishPendingStatement,
  markExpiredBeforeCallStatement,
  markResolvedStatement,
  markReversedStatement,
  paymentByKeyQuery,
  paymentWithAttemptsQuery,
  PaymentWithAttemptsRow,
  PaymentWithFirstAttemptRow,
  PendingOutcome,
  RecordedAttemptRow,
  recordAttemptStatement,
  startAttemptStatement,
  timeOutStalePendingStatement,
  toPaymentWithAttempts,
  unresolvedTimeoutsQuery,
} from './payments.sql';

export type PaymentWithAttempts = PosPayment & { attempts: PosPaymentAttempt[] };

/**
 * Every state change is a conditional update (`WHERE status = …`): the till,
 * the queue worker, the background resolution and the sweeper may race on
 * one payment, and the first to move it wins.
 */
@Injectable()
export class PaymentsRepository {
  constructor(private readonly sql: SqlService) {}

  /**
   * Inserts the pending payment, or returns the existing one for the key (created = false).
   * With `firstAttempt`, a new payment's attempt 1 is written with it (the synchronous till,
   * which calls the gateway next) and its id returned.
   */
  async createOrFind(input: {
    request: PosPaymentRequest;
    idempotencyKey: string;
    requestHash: string;
    mode: PosPaymentMode;
    deadlineAt: Date;
    firstAttempt?: boolean;
  }): Promise<{ created: boolean; payment: PosPayment; firstAttemptId?: string }> {
    const newPayment = {
      idempotencyKey: input.idempotencyKey,
      requestHash: input.requestHash,
      storeId: input.request.storeId,
      terminalId: input.request.terminalId,
      amountMinor: input.request.amount,
      currency: input.request.currency,
      cardToken: input.request.cardToken,
      mode: input.mode,
      deadlineAt: input.deadlineAt,
      now: new Date(),
    };
    // One statement (see payments.sql.ts): a taken key inserts nothing and returns no row.
    if (input.firstAttempt) {
      const [row] = await this.sql.query<PaymentWithFirstAttemptRow>(
        createPaymentWithFirstAttemptStatement(newPayment),
      );
      if (row) {
        const { firstAttemptId, ...payment } = row;
        return { created: true, payment, firstAttemptId };
      }
    } else {
      const [created] = await this.sql.query<PosPayment>(createPaymentStatement(newPayment));
      if (created) return { created: true, payment: created };
    }
    const [payment] = await this.sql.query<PosPayment>(paymentByKeyQuery(input.idempotencyKey));
    // The insert found the key taken, so its payment exists (payments are never deleted).
    if (!payment) throw new Error(`no pos payment for idempotency key ${input.idempotencyKey}`);
    return { created: false, payment };
  }

  /** The payment with its attempts in order (one statement, see payments.sql.ts). */
  async find(id: string): Promise<PaymentWithAttempts | null> {
    const [row] = await this.sql.query<PaymentWithAttemptsRow>(paymentWithAttemptsQuery(id));
    return row ? toPaymentWithAttempts(row) : null;
  }

  /** Starts the payment's next attempt (one statement, see payments.sql.ts); returns its id. */
  async startAttempt(paymentId: string): Promise<{ id: string }> {
    const [attempt] = await this.sql.query<{ id: string }>(
      startAttemptStatement(paymentId, new Date()),
    );
    return attempt;
  }

  /** The attempt's end (one statement, see payments.sql.ts); the attempt exists, startAttempt made it. */
  async finishAttempt(
    attemptId: string,
    result: GatewayCallResult,
    latencyMs: number,
  ): Promise<void> {
    const updated = await this.sql.execute(
      finishAttemptStatement(attemptId, attemptFinishOf(result, latencyMs, new Date())),
    );
    // As the model update it replaces, which threw when its row was missing.
    if (updated !== 1) throw new Error(`pos payment attempt ${attemptId} does not exist`);
  }

  /**
   * The attempt's end and the pending payment's move to the call's outcome (with its Sale when
   * approved), in one statement (see payments.sql.ts). Returns the payment as `find` reads it, or
   * null when it was no longer pending (left as it is; the attempt is finished all the same).
   */
  async recordAttempt(
    paymentId: string,
    attemptId: string,
    result: GatewayCallResult,
    latencyMs: number,
  ): Promise<PaymentWithAttempts | null> {
    const now = new Date();
    const [row] = await this.sql.query<RecordedAttemptRow>(
      recordAttemptStatement(
        paymentId,
        attemptId,
        attemptFinishOf(result, latencyMs, now),
        paymentMoveOf(result),
        now,
      ),
    );
    if (!row) throw new Error(`pos payment attempt ${attemptId} does not exist`);
    const { paymentMoved, ...payment } = row;
    return paymentMoved ? toPaymentWithAttempts(payment) : null;
  }

  /** Approved and its Sale in one statement (atomic, see payments.sql.ts); false if the payment is no longer pending. */
  async approve(paymentId: string, gatewayChargeId: string): Promise<boolean> {
    const inserted = await this.sql.execute(
      approveStatement(paymentId, gatewayChargeId, new Date()),
    );
    return inserted === 1;
  }

  /**
   * pending → status (declined, gateway_unavailable, timed_out, failed); false if it had moved on.
   * Raw (see payments.sql.ts) so that the payment is found by its key whatever the statistics say.
   */
  async finishPending(
    id: string,
    status: PendingOutcome,
    extra: { declineCode?: string; gatewayChargeId?: string } = {},
  ): Promise<boolean> {
    const updated = await this.sql.execute(finishPendingStatement(id, status, extra, new Date()));
    return updated === 1;
  }

  /**
   * A late approval was voided: overrides any earlier "nothing found" conclusion,
   * and a 503 given when the queue did not confirm the job in time (the job may
   * still have run): the record must say a charge existed and was voided.
   */
  async markReversed(id: string, gatewayChargeId: string): Promise<boolean> {
    return (await this.sql.execute(markReversedStatement(id, gatewayChargeId, new Date()))) === 1;
  }

  /** Records what was found for a timed-out payment where nothing was taken. */
  async markResolved(
    id: string,
    resolution: PosPaymentResolution,
    extra: { declineCode?: string } = {},
  ): Promise<boolean> {
    const updated = await this.sql.execute(
      markResolvedStatement(id, resolution, extra.declineCode, new Date()),
    );
    return updated === 1;
  }

  /** Queue mode: the gateway was never called for it (no attempt), so "expired before the call" is the truth. */
  async markExpiredBeforeCall(id: string): Promise<boolean> {
    return (await this.sql.execute(markExpiredBeforeCallStatement(id, new Date()))) === 1;
  }

  /** Not resolvable yet (gateway still in flight, unreachable…): try this row again later, backing off. */
  async deferResolution(id: string, now: Date, baseMs: number, maxMs: number): Promise<void> {
    await this.sql.execute(deferResolutionStatement(id, now, baseMs, maxMs));
  }

  /** Pending payments far past their deadline: their request died with a process. */
  async timeOutStalePending(olderThan: Date): Promise<number> {
    return this.sql.execute(timeOutStalePendingStatement(olderThan, new Date()));
  }

  /**
   * Unresolved timeouts due for another try, those never tried first: a row
   * that cannot be resolved yet is pushed back (deferResolution) and never
   * blocks newer ones.
   */
  async unresolvedTimeouts(limit: number, now: Date): Promise<string[]> {
    const rows = await this.sql.query<{ id: string }>(unresolvedTimeoutsQuery(limit, now));
    return rows.map((r) => r.id);
  }
}
