import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { TOLL_CHARGE_REQUESTED_V1, eventEnvelopeHeaders } from '@paystream/contracts';
import { EVENT_PRODUCER, EventProducer } from '@paystream/kafka';
import { PinoLogger } from 'nestjs-pino';
import { ChargeWorkerMetrics } from '../charges/charge-worker.metrics';
import { ChargeWorkerConfig } from '../config/charge-worker.config';
import { ChargeRetryQueue } from '../retries/charge-retry.queue';
import { PendingChargesRepository, PendingCursor } from './pending-charges.repository';
import { StalePendingCharge } from './stale-pending-charge';

/** How long shutdown waits for a sweep in progress. */
const SWEEP_DRAIN_MS = 5_000;

/**
 * Redis is only an accelerator. Every REDRIVE_INTERVAL_MS each member reads
 * the PENDING charges older than REDRIVE_AFTER_MS from Postgres (the durable
 * record) and re-drives every one whose future Redis no longer holds (Redis
 * restarted without persistence, or a retry job exhausted its own
 * infrastructure attempts): it publishes the charge event again to the
 * charges topic, keyed by plate, and the group handles it like any
 * redelivery. Safe because the gateway's idempotency key is the charge id and
 * result event ids are derived from it: a charge re-driven twice, or re-driven
 * while still in flight, is charged and recorded once.
 */
@Injectable()
export class ChargeRedriveSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ChargeWorkerConfig,
    @Inject(EVENT_PRODUCER) private readonly producer: EventProducer,
    private readonly pending: PendingChargesRepository,
    private readonly retries: ChargeRetryQueue,
    private readonly metrics: ChargeWorkerMetrics,
    private readonly logger: PinoLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.scheduleNext();
  }

  /** Stops the timer and waits for a sweep in progress (Kafka closes only after this hook). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    // A sweep blocked on an unreachable Redis or Postgres must not hold up the drain: it stops at its next
    // step (stopped), and anything it publishes after Kafka closed fails harmlessly (the next sweep redoes it).
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      this.running,
      new Promise<void>((resolve) => (timeout = setTimeout(resolve, SWEEP_DRAIN_MS))),
    ]);
    clearTimeout(timeout);
  }

  /** One sweep; returns how many charges it re-drove. */
  async sweep(): Promise<number> {
    const oldest = await this.pending.oldestPendingCreatedAt();
    this.metrics.oldestPendingAge.set(
      oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0,
    );
    const olderThan = new Date(Date.now() - this.config.REDRIVE_AFTER_MS);
    let redriven = 0;
    let cursor: PendingCursor | undefined;
    while (!this.stopped) {
      const page = await this.pending.stale(olderThan, this.config.REDRIVE_BATCH_SIZE, cursor);
      for (const charge of page) {
        if (this.stopped) break;
        if (await this.redriveIfLost(charge)) redriven++;
      }
      if (page.length < this.config.REDRIVE_BATCH_SIZE) break;
      const last = page[page.length - 1];
      cursor = { createdAt: last.createdAt, id: last.event.chargeId };
    }
    return redriven;
  }

  private async redriveIfLost(charge: StalePendingCharge): Promise<boolean> {
    const { chargeId, plate } = charge.event;
    if (await this.retries.holdsFutureOf(chargeId)) return false;
    // Once per REDRIVE_AFTER_MS across all members: the re-driven record needs time to be consumed.
    if (!(await this.retries.claimRedrive(chargeId, this.config.REDRIVE_AFTER_MS))) return false;
    await this.producer.send(this.config.CHARGES_TOPIC, [
      {
        key: plate,
        value: charge.event,
        headers: eventEnvelopeHeaders({
          ...TOLL_CHARGE_REQUESTED_V1,
          eventId: charge.event.eventId,
          occurredAt: new Date(),
        }),
      },
    ]);
    this.metrics.redriven.inc();
    this.logger.warn(
      { chargeId, plate, pendingForMs: Date.now() - charge.createdAt.getTime() },
      'charge re-driven: PENDING past the bound and no retry of it in Redis',
    );
    return true;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .then((n) => {
          if (n > 0) this.logger.info({ redriven: n }, 're-drive sweep done');
        })
        .catch((error: unknown) => {
          this.metrics.redriveSweepFailures.inc();
          this.logger.warn({ err: error }, 're-drive sweep failed; the next one tries again');
        })
        .finally(() => {
          this.running = undefined;
          this.scheduleNext();
        });
    }, this.config.REDRIVE_INTERVAL_MS);
    this.timer.unref();
  }
}
