import { RandomSource, RetryPolicy } from '@paystream/retry';

export interface ChargeRetryDelaysOptions {
  baseDelayMs: number;
  /** Cap of the wait after a failed attempt (down, 5xx, timeout). */
  maxDelayMs: number;
  /** Cap of the wait after a 409 "in use": the charge's own earlier request is still running. */
  inUseMaxDelayMs: number;
}

/**
 * How long a charge waits before its next gateway call. Two kinds of wait
 * with their own caps, both full jitter from the base:
 * - after a failure the delay doubles towards `maxDelayMs` (minutes), so a
 *   down gateway is not hammered;
 * - after a 409 "in use" the gateway is up and the request the worker gave
 *   up on will end within the gateway's own time, so the delay stays under
 *   `inUseMaxDelayMs` (seconds); growing it like a failure left a charge
 *   waiting minutes after its approval was stored.
 */
export class ChargeRetryDelays {
  private readonly afterFailures: RetryPolicy;
  private readonly whileInUse: RetryPolicy;

  constructor(options: ChargeRetryDelaysOptions, random?: RandomSource) {
    // No attempt limit: transient failures are retried until the gateway answers.
    const maxAttempts = Number.POSITIVE_INFINITY;
    this.afterFailures = new RetryPolicy(
      { maxAttempts, baseDelayMs: options.baseDelayMs, maxDelayMs: options.maxDelayMs },
      random,
    );
    this.whileInUse = new RetryPolicy(
      {
        maxAttempts,
        baseDelayMs: Math.min(options.baseDelayMs, options.inUseMaxDelayMs),
        maxDelayMs: options.inUseMaxDelayMs,
      },
      random,
    );
  }

  /** Delay before the next call: after `inUseWaits` 409s in a row if any, else after `attemptsMade` failed attempts. */
  next(attemptsMade: number, inUseWaits: number): number {
    return inUseWaits > 0
      ? this.whileInUse.delayFor(inUseWaits)
      : this.afterFailures.delayFor(Math.max(1, attemptsMade));
  }
}
