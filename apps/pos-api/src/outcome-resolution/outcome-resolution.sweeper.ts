import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { PosConfig } from '../config/pos.config';
import { PaymentsRepository } from '../payment-records/payments.repository';
import { OutcomeResolutionService } from './outcome-resolution.service';

/** Payments looked at per sweep: bounded so one sweep never hogs the gateway (rows not resolved are pushed back). */
const SWEEP_BATCH = 50;

/**
 * Crash safety: the background resolution lives in memory and dies with the
 * process. The sweeper finds what is left (timed out without a resolution,
 * or pending long after its deadline) and resolves it.
 */
@Injectable()
export class OutcomeResolutionSweeper implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(OutcomeResolutionSweeper.name);
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: PosConfig,
    private readonly payments: PaymentsRepository,
    private readonly resolution: OutcomeResolutionService,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.RESOLUTION_SWEEP_INTERVAL_MS);
  }

  /** Stops between two payments and waits for the sweep in progress, so nothing runs on closed connections. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.current;
  }

  sweep(): Promise<void> {
    this.current ??= this.sweepOnce().finally(() => (this.current = undefined));
    return this.current;
  }

  private async sweepOnce(): Promise<void> {
    try {
      const stale = await this.payments.timeOutStalePending(
        new Date(Date.now() - this.config.STALE_PENDING_GRACE_MS),
      );
      if (stale > 0)
        this.logger.warn({ count: stale }, 'pending payments past their deadline marked timed out');
      // resolveOrDefer pushes a row it cannot resolve yet back (per-row back-off): it never starves newer timeouts.
      for (const id of await this.payments.unresolvedTimeouts(SWEEP_BATCH, new Date())) {
        if (this.stopping) return;
        await this.resolution.resolveOrDefer(id);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'resolution sweep failed');
    }
  }
}
