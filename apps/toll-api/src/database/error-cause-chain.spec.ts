import { failedBeforeWriting } from './failed-before-writing';
import { anyInCauseChain } from './error-cause-chain';
import { isDatabaseUnavailable } from './is-database-unavailable';

describe('reading a driver error through its cause chain', () => {
  it('finds a code at any depth and follows a cycle only once', () => {
    const inner: Record<string, unknown> = { code: '57P01' };
    const outer = new Error('prisma failed', {
      cause: new Error('adapter failed', { cause: inner }),
    });
    inner.cause = outer; // a cycle
    expect(anyInCauseChain(outer, (e) => e.code === '57P01')).toBe(true);
    expect(anyInCauseChain(outer, (e) => e.code === 'nope')).toBe(false);
    expect(anyInCauseChain(undefined, () => true)).toBe(false);
  });

  it('tells "nothing was sent" from "the connection dropped, the outcome is unknown"', () => {
    const refused = new Error('wrapped', { cause: { code: 'ECONNREFUSED' } });
    const droppedAtCommit = new Error('wrapped', { cause: { originalCode: '57P01' } });
    expect(failedBeforeWriting(refused)).toBe(true);
    expect(failedBeforeWriting(droppedAtCommit)).toBe(false);
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(droppedAtCommit)).toBe(true);
    expect(isDatabaseUnavailable(new Error('duplicate key value violates unique constraint'))).toBe(
      false,
    );
  });
});
