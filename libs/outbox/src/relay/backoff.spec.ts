import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles from the minimum and stops at the maximum', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, 200, 3_000))).toEqual([
      200, 400, 800, 1_600, 3_000, 3_000,
    ]);
  });

  it('waits nothing before the first failure and never overflows', () => {
    expect(backoffDelay(0, 200, 3_000)).toBe(0);
    expect(backoffDelay(10_000, 200, 3_000)).toBe(3_000);
  });
});
