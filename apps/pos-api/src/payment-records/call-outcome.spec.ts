import type { GatewayCharge } from '@paystream/contracts';
import { attemptFinishOf, paymentMoveOf } from './call-outcome';
import type { GatewayCallResult } from './gateway-call-result';

const charge = { id: 'c0ffee00-0000-4000-8000-000000000001' } as GatewayCharge;
const failure = (
  outcome: 'timeout' | 'unreachable' | 'gateway_error' | 'circuit_open',
  outcomeUnknown: boolean,
  httpStatus?: number,
): GatewayCallResult => ({ outcome, message: `${outcome}!`, outcomeUnknown, httpStatus });

describe('paymentMoveOf', () => {
  it.each<[string, GatewayCallResult, unknown]>([
    [
      'an approval',
      { outcome: 'approved', charge },
      { status: 'approved', gatewayChargeId: charge.id },
    ],
    [
      'a decline, with its code and charge',
      { outcome: 'declined', code: 'expired_card', charge },
      { status: 'declined', declineCode: 'expired_card', gatewayChargeId: charge.id },
    ],
    ['a timeout (it may have charged)', failure('timeout', true), { status: 'timed_out' }],
    ['a reset mid-call', failure('unreachable', true), { status: 'timed_out' }],
    ['a 5xx that may have charged', failure('gateway_error', true, 500), { status: 'timed_out' }],
    ['our own bad request (4xx)', failure('gateway_error', false, 422), { status: 'failed' }],
    ['"down" (503)', failure('gateway_error', false, 503), { status: 'gateway_unavailable' }],
    ['a refused connection', failure('unreachable', false), { status: 'gateway_unavailable' }],
    ['the open breaker', failure('circuit_open', false), { status: 'gateway_unavailable' }],
  ])('moves %s', (_what, result, move) => {
    expect(paymentMoveOf(result)).toEqual(move);
  });
});

describe('attemptFinishOf', () => {
  const at = new Date('2026-12-01T03:00:00.000Z');

  it('stores what the gateway answered: 200 for an approval, 402 for a decline, no error', () => {
    expect(attemptFinishOf({ outcome: 'approved', charge }, 21, at)).toEqual({
      finishedAt: at,
      outcome: 'approved',
      latencyMs: 21,
      httpStatus: 200,
      errorMessage: null,
    });
    expect(
      attemptFinishOf({ outcome: 'declined', code: 'do_not_honor', charge }, 9, at),
    ).toMatchObject({ outcome: 'declined', httpStatus: 402, errorMessage: null });
  });

  it('stores why nothing usable came back, the message cut to 500 characters', () => {
    const long = { ...failure('gateway_error', true, 502), message: 'x'.repeat(600) };
    expect(attemptFinishOf(long, 2_000, at)).toMatchObject({
      outcome: 'gateway_error',
      httpStatus: 502,
      errorMessage: 'x'.repeat(500),
    });
    expect(attemptFinishOf(failure('unreachable', false), 3, at)).toMatchObject({
      httpStatus: null,
      errorMessage: 'unreachable!',
    });
  });
});
