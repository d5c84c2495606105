import { ChargeRetryDelays } from './charge-retry-delays';

describe('ChargeRetryDelays', () => {
  const options = { baseDelayMs: 1_000, maxDelayMs: 300_000, inUseMaxDelayMs: 5_000 };
  const highest = () => 0.999999;

  it('after failed attempts doubles the ceiling from the base up to maxDelayMs', () => {
    const delays = new ChargeRetryDelays(options, highest);
    expect([1, 2, 3, 9, 10, 1_000].map((n) => delays.next(n, 0))).toEqual([
      1_000, 2_000, 4_000, 256_000, 300_000, 300_000,
    ]);
  });

  it('while the request is in use stays under inUseMaxDelayMs however many 409s and attempts came before', () => {
    const delays = new ChargeRetryDelays(options, highest);
    expect([1, 2, 3, 4, 50].map((w) => delays.next(1, w))).toEqual([
      1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
    // Many failed attempts before the 409s do not lengthen the wait on a running request.
    expect(delays.next(40, 1)).toBe(1_000);
  });

  it('draws each delay with full jitter, from 0', () => {
    const delays = new ChargeRetryDelays(options, () => 0);
    expect([delays.next(7, 0), delays.next(1, 7)]).toEqual([0, 0]);
  });

  it('a cap under the base is the in-use wait ceiling from the first 409 on', () => {
    const delays = new ChargeRetryDelays({ ...options, inUseMaxDelayMs: 200 }, highest);
    expect([delays.next(1, 1), delays.next(1, 9)]).toEqual([200, 200]);
    expect(delays.next(1, 0)).toBe(1_000);
  });
});
