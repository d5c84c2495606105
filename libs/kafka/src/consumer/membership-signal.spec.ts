import { membershipSignal } from './membership-signal';

describe('membershipSignal', () => {
  it('reads a rebalance from the heartbeat error type', () => {
    expect(membershipSignal({ type: 'REBALANCE_IN_PROGRESS' })).toBe('rebalancing');
    expect(membershipSignal({ type: 'NOT_COORDINATOR_FOR_GROUP' })).toBe('rebalancing');
  });

  it("reads a lost membership (partitions may be someone else's: no commit)", () => {
    expect(membershipSignal({ type: 'UNKNOWN_MEMBER_ID' })).toBe('lost');
    expect(membershipSignal({ type: 'ILLEGAL_GENERATION' })).toBe('lost');
  });

  it('ignores other errors (a network blip is not a rebalance)', () => {
    expect(membershipSignal(new Error('Connection error'))).toBeUndefined();
    expect(membershipSignal({ type: 'REQUEST_TIMED_OUT' })).toBeUndefined();
    expect(membershipSignal(undefined)).toBeUndefined();
  });
});
