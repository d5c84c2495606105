import { RetryPolicy } from './retry-policy';

describe('RetryPolicy', () => {
  const options = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 500 };

  it('doubles the ceiling per attempt up to maxDelayMs', () => {
    const policy = new RetryPolicy(options);
    expect([1, 2, 3, 4, 5, 60].map((n) => policy.ceilingFor(n))).toEqual([
      100, 200, 400, 500, 500, 500,
    ]);
  });

  it('draws the delay uniformly between 0 and the ceiling (full jitter)', () => {
    expect(new RetryPolicy(options, () => 0).delayFor(3)).toBe(0);
    expect(new RetryPolicy(options, () => 0.5).delayFor(3)).toBe(200);
    expect(new RetryPolicy(options, () => 0.999999).delayFor(3)).toBe(400);
  });

  it('allows retries until maxAttempts attempts were made', () => {
    const policy = new RetryPolicy(options);
    expect([1, 2, 3, 4].map((n) => policy.canRetry(n))).toEqual([true, true, true, false]);
  });

  it('with maxAttempts Infinity always allows another attempt, and the delay stays capped', () => {
    const policy = new RetryPolicy(
      { ...options, maxAttempts: Number.POSITIVE_INFINITY },
      () => 0.999999,
    );
    expect([1, 6, 1_000, 1e9].map((n) => policy.canRetry(n))).toEqual([true, true, true, true]);
    expect(policy.delayFor(1e9)).toBe(500);
  });

  it('refuses nonsensical options', () => {
    expect(() => new RetryPolicy({ ...options, maxAttempts: Number.NaN })).toThrow(RangeError);
    expect(() => new RetryPolicy({ ...options, maxAttempts: 0 })).toThrow(RangeError);
    expect(() => new RetryPolicy({ ...options, maxDelayMs: 10 })).toThrow(RangeError);
  });
});
