import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import type { GatewayChargeLookup } from '@paystream/contracts';
import {
  GATEWAY_CLIENT,
  GatewayChargeNotFoundError,
  GatewayClient,
} from '@paystream/gateway-client';
import type { PosPayment, PosPaymentResolution } from '@paystream/db';
import { PosConfig } from '../config/pos.config';
import { GatewayCallResult } from '../payment-records/gateway-call-result';
import { gatewayIdempotencyKey } from '../gateway/gateway-idempotency-key';
import { PaymentsRepository } from '../payment-records/payments.repository';
import { PosMetrics } from '../payment-records/pos.metrics';

/**
 * After a timeout the till cannot know whether the card was charged; the
 * customer has left without the shopping, so any charge must go. This asks
 * the gateway (by the payment's idempotency key) and voids a late approval.
 * Reconciliation calls bypass the breaker: they must run while it is open,
 * and a failure simply leaves the payment for the sweeper.
 */
@Injectable()
export class OutcomeResolutionService implements OnModuleDestroy {
  private readonly logger = new Logger(OutcomeResolutionService.name);
  private readonly scheduled = new Set<NodeJS.Timeout>();

  constructor(
    @Inject(GATEWAY_CLIENT) private readonly client: GatewayClient,
    @Inject(APP_CONFIG) private readonly config: PosConfig,
    private readonly payments: PaymentsRepository,
    private readonly metrics: PosMetrics,
  ) {}

  /** Resolves in the background, right after the till answered 504. */
  scheduleResolve(paymentId: string): void {
    const timer = setTimeout(() => {
      this.scheduled.delete(timer);
      void this.resolveOrDefer(paymentId);
    }, this.config.RESOLUTION_DELAY_MS);
    this.scheduled.add(timer);
  }

  /** Resolves now, or records the try and leaves the payment to the sweeper (with its per-row back-off). */
  async resolveOrDefer(paymentId: string): Promise<boolean> {
    const resolved = await this.resolve(paymentId).catch((error: unknown) => {
      this.logger.warn({ err: error, paymentId }, 'resolution failed; the sweeper will retry');
      return false;
    });
    if (!resolved) {
      await this.payments
        .deferResolution(
          paymentId,
          new Date(),
          this.config.RESOLUTION_SWEEP_INTERVAL_MS,
          this.config.RESOLUTION_MAX_BACKOFF_MS,
        )
        .catch((error: unknown) =>
          this.logger.warn({ err: error, paymentId }, 'could not record the resolution try'),
        );
    }
    return resolved;
  }

  /** Returns true when the payment is resolved (now or before); false: ask again later. */
  async resolve(paymentId: string): Promise<boolean> {
    const payment = await this.payments.find(paymentId);
    if (!payment || payment.status !== 'timed_out' || payment.resolution) return true;
    const key = gatewayIdempotencyKey(paymentId);
    const options = { timeoutMs: this.config.GATEWAY_RESOLUTION_TIMEOUT_MS };
    const lookup = await this.client.lookupByIdempotencyKey(key, options);
    if (lookup.charge || lookup.state === 'in_flight' || lookup.state === 'fenced')
      return this.act(payment, lookup);
    // Nothing yet. A request the till aborted at its deadline may still reach the gateway (a busy
    // machine, a slow network): give it the grace first, then fence the key so "not found" is final.
    const graceEnds = payment.deadlineAt.getTime() + this.config.RESOLUTION_NOT_FOUND_GRACE_MS;
    if (Date.now() < graceEnds) return false;
    return this.act(payment, await this.client.fenceIdempotencyKey(key, options));
  }

  /**
   * A gateway answer that came after the deadline (queue mode): the customer
   * was told 504, so an approval is voided and anything else is discarded.
   */
  async handleLateReply(payment: PosPayment, result: GatewayCallResult): Promise<void> {
    if (result.outcome === 'approved') {
      await this.voidLateApproval(payment, result.charge.id).catch(async (error: unknown) => {
        // Leave it timed out and unresolved: the sweeper looks it up and voids it.
        await this.payments.finishPending(payment.id, 'timed_out');
        this.logger.warn(
          { err: error, paymentId: payment.id },
          'voiding a late approval failed; the sweeper will retry',
        );
      });
      return;
    }
    if ('outcomeUnknown' in result && result.outcomeUnknown) {
      await this.payments.finishPending(payment.id, 'timed_out');
      this.scheduleResolve(payment.id);
      return;
    }
    await this.conclude(
      payment.id,
      'late_reply_discarded',
      result.outcome === 'declined' ? { declineCode: result.code } : {},
    );
  }

  onModuleDestroy(): void {
    for (const timer of this.scheduled) clearTimeout(timer);
    this.scheduled.clear();
  }

  private act(payment: PosPayment, lookup: GatewayChargeLookup): Promise<boolean> | boolean {
    const charge = lookup.charge;
    if (charge?.status === 'approved' || charge?.status === 'voided')
      return this.voidLateApproval(payment, charge.id);
    if (charge?.status === 'declined')
      return this.conclude(payment.id, 'confirmed_declined', {
        declineCode: charge.declineCode ?? undefined,
      });
    // Only a fenced key proves no charge exists nor ever will; anything else (in flight, unknown): ask again later.
    if (lookup.state === 'fenced') return this.conclude(payment.id, 'charge_not_found');
    return false;
  }

  private async voidLateApproval(payment: PosPayment, chargeId: string): Promise<boolean> {
    try {
      await this.client.void(chargeId, { timeoutMs: this.config.GATEWAY_RESOLUTION_TIMEOUT_MS });
    } catch (error) {
      if (!(error instanceof GatewayChargeNotFoundError)) throw error;
    }
    if (await this.payments.markReversed(payment.id, chargeId)) {
      this.metrics.resolutions.inc({ resolution: 'voided_late_approval' });
      this.logger.warn(
        { paymentId: payment.id, chargeId },
        'late approval voided: the customer was told the payment timed out',
      );
    }
    return true;
  }

  private async conclude(
    paymentId: string,
    resolution: PosPaymentResolution,
    extra: { declineCode?: string } = {},
  ): Promise<boolean> {
    if (await this.payments.markResolved(paymentId, resolution, extra)) {
      this.metrics.resolutions.inc({ resolution });
      this.logger.log({ paymentId, resolution }, 'timed-out payment resolved');
    }
    return true;
  }
}
