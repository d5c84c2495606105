export interface RateLoopOptions {
  /** Requests started per second (open loop: the schedule does not wait for answers). */
  ratePerSecond: number;
  /** Cap on requests in flight, so a hanging server cannot exhaust sockets. */
  maxInFlight: number;
  /** Called for each request number; errors are the caller's to record. */
  fire: (n: number) => Promise<void>;
}

/**
 * Open-loop load at a fixed rate until stopped. Open loop matters: a closed
 * loop would slow down when the server slows down and hide the latency a
 * real till or lane would see.
 */
export class RateLoop {
  private timer: NodeJS.Timeout | undefined;
  private inFlight = new Set<Promise<void>>();
  private n = 0;
  skipped = 0;

  constructor(private readonly options: RateLoopOptions) {}

  start(): void {
    if (this.options.ratePerSecond <= 0) return;
    const intervalMs = 1000 / this.options.ratePerSecond;
    let next = Date.now();
    const tick = () => {
      const now = Date.now();
      while (next <= now) {
        next += intervalMs;
        if (this.inFlight.size >= this.options.maxInFlight) {
          this.skipped++;
          continue;
        }
        const p = this.options.fire(this.n++).finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      }
      this.timer = setTimeout(tick, Math.max(1, next - Date.now()));
    };
    tick();
  }

  /** Stops starting new requests and waits for the ones in flight. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight]);
  }
}
