import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { DLQ_ERROR_CLASSES, TollChargeRequestedV1 } from '@paystream/contracts';
import { GatewayClient, GatewayClientError, GatewayRequestRejectedError } from '@paystream/gateway-client';
import { RetryPolicy } from '@paystream/retry';
import { PinoLogger } from 'nestjs-pino';
import { ChargeWorkerConfig } from '../config/charge-worker.config';
import { ChargeRetryQueue } from '../retries/charge-retry.queue';
import { ChargeResultsPublisher } from './charge-results.publisher';
import { ChargeSource } from './charge-source';
import { ChargeWorkerMetrics } from './charge-worker.metrics';
import { GATEWAY_CLIENT } from './gateway-client.token';

/**
 * One gateway attempt for one charge and what follows from it:
 * approved → SETTLED, declined → DECLINED, transient failure → delayed retry
 * (or FAILED + dead letter once attempts are used up). The charge id is the
 * idempotency key, so every attempt of a charge is the same charge at the gateway.
 */
@Injectable()
export class ChargeProcessor {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ChargeWorkerConfig,
    @Inject(GATEWAY_CLIENT) private readonly gateway: GatewayClient,
    private readonly results: ChargeResultsPublisher,
    private readonly retries: ChargeRetryQueue,
    private readonly policy: RetryPolicy,
    private readonly metrics: ChargeWorkerMetrics,
    private readonly logger: PinoLogger,
  ) {}

  async attempt(charge: TollChargeRequestedV1, source: ChargeSource, attemptNo: number): Promise<void> {
    let outcome;
    try {
      outcome = await this.gateway.charge(
        { amount: charge.amountMinor, currency: charge.currency, cardToken: charge.cardToken, reference: charge.chargeId },
        charge.chargeId,
        { timeoutMs: this.config.GATEWAY_TIMEOUT_MS },
      );
    } catch (error) {
      await this.onFailure(charge, source, attemptNo, error);
      return;
    }
    if (outcome.kind === 'approved') {
      await this.results.publishResult(charge, source, { outcome: 'SETTLED', attempts: attemptNo, gatewayChargeId: outcome.charge.id });
      this.metrics.outcomes.inc({ outcome: 'SETTLED' });
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
  }

  private async onFailure(charge: TollChargeRequestedV1, source: ChargeSource, attemptNo: number, error: unknown): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    // A request the gateway refuses (bad parameters, key reused) will be refused again: no point retrying.
    const permanent = error instanceof GatewayRequestRejectedError && !error.retryable;
    if (!(error instanceof GatewayClientError)) throw error;
    this.metrics.gatewayFailures.inc({ kind: error.name });
    if (!permanent && this.policy.canRetry(attemptNo)) {
      const delay = this.policy.delayFor(attemptNo);
      await this.retries.schedule({ charge, source, attemptsMade: attemptNo, lastError: reason }, delay);
      this.metrics.retriesScheduled.inc();
      this.logger.info({ chargeId: charge.chargeId, attemptNo, delayMs: delay, reason }, 'charge retry scheduled');
      return;
    }
    const errorClass = permanent ? DLQ_ERROR_CLASSES.unwritable : DLQ_ERROR_CLASSES.retriesExhausted;
    // Dead letter first: if we crash in between, the redo publishes the same (deterministic) result.
    await this.results.deadLetter(source, { reason, errorClass, attempts: attemptNo });
    await this.results.publishResult(charge, source, { outcome: 'FAILED', attempts: attemptNo, reason });
    this.metrics.outcomes.inc({ outcome: 'FAILED' });
    this.logger.warn({ chargeId: charge.chargeId, attempts: attemptNo, reason }, 'charge failed and dead-lettered');
  }
}
