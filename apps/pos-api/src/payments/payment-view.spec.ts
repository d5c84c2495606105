import type { PosPayment, PosPaymentAttempt } from '@paystream/db';
import { toPaymentAnswer } from './payment-view';

const payment = (over: Partial<PosPayment>, outcomes: PosPaymentAttempt['outcome'][] = []) => ({
  id: 'p1',
  idempotencyKey: 'k',
  requestHash: 'h',
  storeId: 's',
  terminalId: 't',
  amountMinor: 100,
  currency: 'EUR',
  cardToken: 'tok_visa',
  mode: 'sync' as const,
  status: 'pending' as const,
  resolution: null,
  declineCode: null,
  gatewayChargeId: null,
  deadlineAt: new Date(0),
  resolutionAttempts: 0,
  nextResolutionAt: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...over,
  attempts: outcomes.map((outcome, i) => ({
    id: `a${i}`,
    paymentId: 'p1',
    attemptNo: i + 1,
    startedAt: new Date(0),
    finishedAt: null,
    outcome,
    httpStatus: null,
    errorMessage: null,
    latencyMs: null,
  })),
});

describe('toPaymentAnswer', () => {
  it.each([
    ['approved', 201, undefined],
    ['declined', 402, 'card_declined'],
    ['gateway_unavailable', 503, 'gateway_unavailable'],
    ['timed_out', 504, 'gateway_timeout'],
    ['reversed', 504, 'gateway_timeout'],
    ['failed', 502, 'gateway_error'],
  ] as const)('%s answers %i', (status, http, error) => {
    const answer = toPaymentAnswer(payment({ status }));
    expect(answer.status).toBe(http);
    expect(answer.body.error).toBe(error);
  });

  it('names an open circuit', () => {
    expect(
      toPaymentAnswer(payment({ status: 'gateway_unavailable' }, ['circuit_open'])).body.error,
    ).toBe('circuit_open');
  });

  it.each(['unreachable', 'gateway_error'] as const)(
    'tells a 504 after %s (may have charged) from a plain timeout',
    (outcome) => {
      expect(toPaymentAnswer(payment({ status: 'timed_out' }, [outcome])).body.error).toBe(
        'gateway_outcome_unknown',
      );
      expect(toPaymentAnswer(payment({ status: 'timed_out' }, ['timeout'])).body.error).toBe(
        'gateway_timeout',
      );
    },
  );
});
