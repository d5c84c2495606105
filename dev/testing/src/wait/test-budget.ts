/** Time kept back from a budget so a timed-out wait still reports (and afterAll cleans up) before Jest's own timeout. */
const REPORTING_MARGIN_MS = 15_000;

/**
 * One deadline for a whole heavy test. Every wait in it gets "whatever is
 * left" instead of its own fixed guess, so a slow, busy machine may spend the
 * time wherever it is slow (start-up, seeding, processing) and a failure still
 * names the condition that was not reached rather than "Exceeded timeout".
 * On a quiet machine the waits end as soon as their condition holds.
 */
export class TestBudget {
  private deadline = 0;

  constructor(readonly totalMs: number) {}

  /** Pass to `it(name, fn, budget.jestTimeoutMs)`. */
  get jestTimeoutMs(): number {
    return this.totalMs + REPORTING_MARGIN_MS;
  }

  /** Starts the clock: call first thing in the test. */
  start(): void {
    this.deadline = Date.now() + this.totalMs;
  }

  /** Milliseconds left (at least 1, so a spent budget fails the next wait at once). */
  left(): number {
    if (this.deadline === 0) throw new Error('TestBudget.start() was not called');
    return Math.max(1, this.deadline - Date.now());
  }
}
