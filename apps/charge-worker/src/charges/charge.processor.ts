import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { DLQ_ERROR_CLASSES, TollChargeRequestedV1 } from '@paystream/contracts';
import {
  GATEWAY_CLIENT,
  GatewayClient,
  GatewayClientError,
  GatewayRequestRejectedError,
} from '@paystream/gateway-client';
import { PinoLogger } from 'nestjs-pino';
import { ChargeWorkerConfig } from '../config/charge-worker.config';
import { ChargeRetryDelays } from '../retries/charge-retry-delays';
import { ChargeRetryQueue } from '../retries/charge-retry.queue';
import { GatewayOutageTracker } from '../retries/gateway-outage.tracker';
import { ChargeResultsPublisher } from './charge-results.publisher';
import { ChargeSource } from './charge.source';
import { ChargeWorkerMetrics } from './charge-worker.metrics';

/**
 * One gateway attempt for one charge and what follows from it:
 * approved → SETTLED, declined → DECLINED, transient failure (down, 5xx,
 * timeout) → delayed retry with capped backoff and no attempt limit, 409 in
 * flight → asked again within seconds (see ChargeRetryDelays), permanent
 * refusal (4xx) → FAILED + dead letter unless the gateway holds an approval
 * for the key. The charge id is the idempotency key, so
 * every attempt of a charge is the same charge at the gateway.
 */
@Injectable()
export class ChargeProcessor {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ChargeWorkerConfig,
    @Inject(GATEWAY_CLIENT) private readonly gateway: GatewayClient,
    private readonly results: ChargeResultsPublisher,
    private readonly retries: ChargeRetryQueue,
    private readonly delays: ChargeRetryDelays,
    private readonly outage: GatewayOutageTracker,
    private readonly metrics: ChargeWorkerMetrics,
    private readonly logger: PinoLogger,
  ) {}

  /**
   * One gateway call for the charge. `attemptNo` counts real attempts;
   * `inUseWaits` the 409 "in use" answers met since the last one (they use up
   * no attempt: the first request is still running, ask again later).
   */
  async attempt(
    charge: TollChargeRequestedV1,
    source: ChargeSource,
    attemptNo: number,
    inUseWaits = 0,
  ): Promise<void> {
    let outcome;
    try {
      outcome = await this.gateway.charge(
        {
          amount: charge.amountMinor,
          currency: charge.currency,
          cardToken: charge.cardToken,
          reference: charge.chargeId,
        },
        charge.chargeId,
        { timeoutMs: this.config.GATEWAY_TIMEOUT_MS },
      );
    } catch (error) {
      await this.onFailure(charge, source, attemptNo, inUseWaits, error);
      return;
    }
    if (outcome.kind === 'approved') {
      await this.settle(charge, source, attemptNo, outcome.charge.id);
    } else {
      await this.results.publishResult(charge, source, {
        outcome: 'DECLINED',
        attempts: attemptNo,
        gatewayChargeId: outcome.charge.id,
        declineCode: outcome.code,
        reason: `card declined: ${outcome.code}`,
      });
      this.metrics.outcomes.inc({ outcome: 'DECLINED' });
    }
    await this.outage.answered();
  }

  private async settle(
    charge: TollChargeRequestedV1,
    source: ChargeSource,
    attempts: number,
    gatewayChargeId: string,
  ): Promise<void> {
    await this.results.publishResult(charge, source, {
      outcome: 'SETTLED',
      attempts,
      gatewayChargeId,
    });
    this.metrics.outcomes.inc({ outcome: 'SETTLED' });
  }

  private async onFailure(
    charge: TollChargeRequestedV1,
    source: ChargeSource,
    attemptNo: number,
    inUseWaits: number,
    error: unknown,
  ): Promise<void> {
    if (!(error instanceof GatewayClientError)) throw error;
    const reason = error.message;
    this.metrics.gatewayFailures.inc({ kind: error.name });
    if (error instanceof GatewayRequestRejectedError) {
      if (error.retryable) {
        // 409 in use: our own earlier request (e.g. one we timed out on) is still running at the gateway.
        this.metrics.gatewayInUse.inc();
        await this.retryLater(charge, source, attemptNo - 1, inUseWaits + 1, reason);
      } else {
        // A request the gateway refuses (bad parameters, key reused) will be refused again: FAILED, unless...
        await this.failPermanently(charge, source, attemptNo, inUseWaits, reason);
      }
      await this.outage.answered();
      return;
    }
    // Down, 5xx, timeout: transient, however long it lasts. Only a permanent refusal ends a charge FAILED.
    await this.retryLater(charge, source, attemptNo, 0, reason);
    // Marked only once the retry is stored, so a member releasing the waiting retries cannot miss this one.
    await this.outage.failed();
  }

  /** Schedules the next call; `attemptsMade` real attempts are behind it. */
  private async retryLater(
    charge: TollChargeRequestedV1,
    source: ChargeSource,
    attemptsMade: number,
    inUseWaits: number,
    reason: string,
  ): Promise<void> {
    const delay = this.delays.next(attemptsMade, inUseWaits);
    await this.retries.schedule(
      { charge, source, attemptsMade, inUseWaits, lastError: reason },
      delay,
    );
    this.metrics.retriesScheduled.inc();
    this.logger.info(
      { chargeId: charge.chargeId, attemptsMade, inUseWaits, delayMs: delay, reason },
      'charge retry scheduled',
    );
  }

  /**
   * The gateway refused the request for good. Before FAILED, ask the gateway
   * what it holds for the key: a charge must never end FAILED while its key
   * is approved (e.g. an earlier attempt of ours succeeded and this one was
   * refused as a reuse).
   */
  private async failPermanently(
    charge: TollChargeRequestedV1,
    source: ChargeSource,
    attemptNo: number,
    inUseWaits: number,
    reason: string,
  ): Promise<void> {
    let lookup;
    try {
      lookup = await this.gateway.lookupByIdempotencyKey(charge.chargeId, {
        timeoutMs: this.config.GATEWAY_TIMEOUT_MS,
      });
    } catch (error) {
      if (!(error instanceof GatewayClientError)) throw error;
      // Cannot tell: never guess FAILED. The next attempt meets the same refusal and asks again.
      await this.retryLater(
        charge,
        source,
        attemptNo,
        0,
        `${reason}; lookup failed: ${error.message}`,
      );
      return;
    }
    if (lookup.state === 'in_flight') {
      await this.retryLater(charge, source, attemptNo - 1, inUseWaits + 1, reason);
      return;
    }
    if (
      lookup.charge?.status === 'approved' &&
      lookup.charge.amount === charge.amountMinor &&
      lookup.charge.currency === charge.currency
    ) {
      this.logger.warn(
        { chargeId: charge.chargeId, reason },
        'gateway refused the request but holds an approval for the key: SETTLED',
      );
      await this.settle(charge, source, attemptNo, lookup.charge.id);
      return;
    }
    // Dead letter first: if we crash in between, the redo publishes the same (deterministic) result.
    await this.results.deadLetter(source, {
      reason,
      errorClass: DLQ_ERROR_CLASSES.unwritable,
      attempts: attemptNo,
    });
    await this.results.publishResult(charge, source, {
      outcome: 'FAILED',
      attempts: attemptNo,
      reason,
    });
    this.metrics.outcomes.inc({ outcome: 'FAILED' });
    this.logger.warn(
      { chargeId: charge.chargeId, attempts: attemptNo, reason },
      'charge failed and dead-lettered',
    );
  }
}
