import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { PinoLogger } from 'nestjs-pino';
import { ChargeWorkerMetrics } from '../charges/charge-worker.metrics';
import { ChargeWorkerConfig } from '../config/charge-worker.config';
import { ChargeRetryQueue } from './charge-retry.queue';

/**
 * Ends the wait of retries that sat out a gateway outage. Full-jitter backoff
 * keeps a down gateway from being hammered, but alone it would leave a charge
 * waiting up to RETRY_MAX_DELAY_MS after the gateway is back. So a transient
 * failure leaves a mark in Redis, and the first answer after it (on any
 * member) removes the mark and promotes every delayed retry; the retry
 * worker's concurrency bounds how fast they then reach the gateway. Running a
 * retry early is always safe: the charge id is the idempotency key.
 *
 * Both calls are hints and never fail a charge: if Redis is unreachable the
 * retries still run when their delay ends.
 */
@Injectable()
export class GatewayOutageTracker {
  private sawFailure = false;
  private lastCheckAt = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ChargeWorkerConfig,
    private readonly retries: ChargeRetryQueue,
    private readonly metrics: ChargeWorkerMetrics,
    private readonly logger: PinoLogger,
  ) {}

  /** A call ended without an answer (down, 5xx, timeout). */
  async failed(): Promise<void> {
    this.sawFailure = true;
    try {
      await this.retries.markGatewayDown();
    } catch (error) {
      this.logger.warn({ err: error }, 'could not mark the gateway down in Redis');
    }
  }

  /** The gateway answered (approved, declined, refused, in use). */
  async answered(): Promise<void> {
    const now = Date.now();
    // Another member's failures show only in Redis: ask at most once per interval, not once per charge.
    if (!this.sawFailure && now - this.lastCheckAt < this.config.RETRY_RECOVERY_CHECK_INTERVAL_MS)
      return;
    this.lastCheckAt = now;
    const sawFailure = this.sawFailure;
    this.sawFailure = false;
    let cleared = false;
    try {
      cleared = await this.retries.clearGatewayDownMark();
      if (!cleared) return;
      const promoted = await this.retries.promoteWaiting();
      this.metrics.outageRecoveries.inc();
      this.metrics.retriesPromoted.inc(promoted);
      this.logger.info({ promoted }, 'gateway answers again: waiting retries run now');
    } catch (error) {
      // Try again at the next answer: keep this member's failure, and put back the mark it took.
      this.sawFailure = sawFailure;
      if (cleared) await this.retries.markGatewayDown().catch(() => undefined);
      this.logger.warn({ err: error }, 'could not release the retries waiting on the gateway');
    }
  }
}
