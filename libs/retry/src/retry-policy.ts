/**
 * Exponential backoff with "full jitter" (AWS Architecture Blog, 2015): the
 * delay before attempt n+1 is a uniform random value in
 * [0, min(ceiling, base * 2^(n-1))]. Full jitter spreads a herd of retries
 * that all failed at the same moment (a gateway outage) instead of bringing
 * them back in synchronised waves.
 */
export interface RetryPolicyOptions {
  /**
   * Total attempts including the first one (>= 1), or Infinity: retry until
   * the call succeeds (a toll charge outlives any outage; only a permanent
   * error ends it).
   */
  maxAttempts: number;
  /** Upper bound of the first retry's delay. */
  baseDelayMs: number;
  /** No delay ever exceeds this. */
  maxDelayMs: number;
}

/** Source of randomness in [0, 1); injectable so tests are deterministic. */
export type RandomSource = () => number;

export class RetryPolicy {
  constructor(
    readonly options: RetryPolicyOptions,
    private readonly random: RandomSource = Math.random,
  ) {
    const unlimited = options.maxAttempts === Number.POSITIVE_INFINITY;
    if (!unlimited && (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1)) {
      throw new RangeError('maxAttempts must be an integer >= 1 or Infinity');
    }
    if (options.baseDelayMs < 0 || options.maxDelayMs < options.baseDelayMs) {
      throw new RangeError('delays must satisfy 0 <= baseDelayMs <= maxDelayMs');
    }
  }

  /** True when `attemptsMade` attempts have failed and another one is allowed. */
  canRetry(attemptsMade: number): boolean {
    return attemptsMade < this.options.maxAttempts;
  }

  /** Cap of the delay after `attemptsMade` failed attempts (before jitter). */
  ceilingFor(attemptsMade: number): number {
    const exponent = Math.max(0, attemptsMade - 1);
    // 2^exponent overflows to Infinity for huge counts; Math.min keeps it bounded.
    return Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** exponent);
  }

  /** Delay before the next attempt after `attemptsMade` failed attempts (full jitter). */
  delayFor(attemptsMade: number): number {
    return Math.floor(this.random() * (this.ceilingFor(attemptsMade) + 1));
  }
}
