import { TEST_CARD_TOKENS } from '@paystream/contracts';

/** The body of one till payment the bench sends: an approving card, a fixed basket. */
export function tillPaymentBody(): string {
  return JSON.stringify({
    storeId: 'store-1',
    terminalId: 'till-1',
    amount: 1299,
    currency: 'EUR',
    cardToken: TEST_CARD_TOKENS.approve,
  });
}
