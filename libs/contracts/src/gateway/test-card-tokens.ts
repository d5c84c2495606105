/**
 * The gateway simulator decides by card token (like an acquirer's test cards).
 * Any other well-formed token is approved.
 */
export const TEST_CARD_TOKENS = {
  approve: 'tok_visa',
  approveMastercard: 'tok_mastercard',
  insufficientFunds: 'tok_insufficient_funds',
  cardDeclined: 'tok_card_declined',
  expiredCard: 'tok_expired_card',
  incorrectCvc: 'tok_incorrect_cvc',
  /** The gateway never answers in time (it holds the request past any sane deadline). */
  timeout: 'tok_timeout',
  /** The gateway answers 500. */
  serverError: 'tok_server_error',
} as const;

export const DECLINE_CODES = [
  'insufficient_funds',
  'card_declined',
  'expired_card',
  'incorrect_cvc',
] as const;
export type DeclineCode = (typeof DECLINE_CODES)[number];
