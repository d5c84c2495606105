import { TEST_CARD_TOKENS } from '@paystream/contracts';
import { decideCardOutcome } from './card-outcome';

describe('decideCardOutcome', () => {
  it.each([
    [TEST_CARD_TOKENS.approve, { kind: 'approve' }],
    ['tok_anything_else', { kind: 'approve' }],
    [TEST_CARD_TOKENS.insufficientFunds, { kind: 'decline', code: 'insufficient_funds' }],
    [TEST_CARD_TOKENS.cardDeclined, { kind: 'decline', code: 'card_declined' }],
    [TEST_CARD_TOKENS.expiredCard, { kind: 'decline', code: 'expired_card' }],
    [TEST_CARD_TOKENS.incorrectCvc, { kind: 'decline', code: 'incorrect_cvc' }],
    [TEST_CARD_TOKENS.timeout, { kind: 'approve_late' }],
    [TEST_CARD_TOKENS.serverError, { kind: 'server_error' }],
  ])('%s -> %j', (token, outcome) => {
    expect(decideCardOutcome(token)).toEqual(outcome);
  });
});
