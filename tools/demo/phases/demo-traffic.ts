import type { DemoOptions } from '../demo-options';
import { RateLoop } from '../load/rate-loop';
import { payAtTill } from '../load/till-traffic';
import { exitAtToll, Route } from '../load/toll-traffic';
import type { PhaseStats } from '../stats/phase-stats';
import type { DemoSystem } from '../system';

export const DEMO_REQUEST_TIMEOUT_MS = 10_000;
const MAX_IN_FLIGHT = 200;

/** Till payments and toll exits at the demo's rates, each answer counted in the phase under way. */
export class DemoTraffic {
  private readonly till: RateLoop;
  private readonly toll: RateLoop;

  constructor(
    opts: DemoOptions,
    system: DemoSystem,
    runId: string,
    routes: Route[],
    stats: () => PhaseStats,
  ) {
    this.till = new RateLoop({
      ratePerSecond: opts.tillRate,
      maxInFlight: MAX_IN_FLIGHT,
      fire: (n) => payAtTill(system.urls.pos, runId, n, stats, DEMO_REQUEST_TIMEOUT_MS),
    });
    this.toll = new RateLoop({
      ratePerSecond: opts.tollRate,
      maxInFlight: MAX_IN_FLIGHT,
      fire: (n) => exitAtToll(system.urls.toll, runId, n, routes, stats, DEMO_REQUEST_TIMEOUT_MS),
    });
  }

  start(): void {
    this.till.start();
    this.toll.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.till.stop(), this.toll.stop()]);
  }

  /** Requests not sent because too many were in flight. */
  get skipped(): number {
    return this.till.skipped + this.toll.skipped;
  }
}
