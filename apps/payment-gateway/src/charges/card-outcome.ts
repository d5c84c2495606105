import { DeclineCode, TEST_CARD_TOKENS } from '@paystream/contracts';

/** What the simulated acquirer does with a card token. */
export type CardOutcome =
  | { kind: 'approve' }
  | { kind: 'decline'; code: DeclineCode }
  /** approve, but hold the reply past any sane deadline */
  | { kind: 'approve_late' }
  | { kind: 'server_error' };

const BY_TOKEN: Readonly<Record<string, CardOutcome>> = {
  [TEST_CARD_TOKENS.insufficientFunds]: { kind: 'decline', code: 'insufficient_funds' },
  [TEST_CARD_TOKENS.cardDeclined]: { kind: 'decline', code: 'card_declined' },
  [TEST_CARD_TOKENS.expiredCard]: { kind: 'decline', code: 'expired_card' },
  [TEST_CARD_TOKENS.incorrectCvc]: { kind: 'decline', code: 'incorrect_cvc' },
  [TEST_CARD_TOKENS.timeout]: { kind: 'approve_late' },
  [TEST_CARD_TOKENS.serverError]: { kind: 'server_error' },
};

/** Like an acquirer's test cards: known tokens force an outcome, any other token is approved. */
export function decideCardOutcome(cardToken: string): CardOutcome {
  return BY_TOKEN[cardToken] ?? { kind: 'approve' };
}
