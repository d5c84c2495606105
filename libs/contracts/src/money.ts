import { z } from 'zod';

/** ISO 4217 codes Paystream accepts. A closed list: an unknown code is a 400, not a surprise. */
export const CURRENCIES = ['EUR', 'GBP', 'USD', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Largest single payment accepted (minor units): 1,000,000.00. Anything above is absurd for a till or a toll. */
export const MAX_AMOUNT_MINOR = 100_000_000;

export const currencySchema = z.enum(CURRENCIES, {
  error: `must be one of ${CURRENCIES.join(', ')}`,
});

/** Money is integer minor units plus a currency: never a float. */
export const amountMinorSchema = z
  .number({ error: 'must be an integer number of minor units (e.g. cents)' })
  .int('must be an integer number of minor units (e.g. cents)')
  .positive('must be greater than zero')
  .max(MAX_AMOUNT_MINOR, `must not exceed ${MAX_AMOUNT_MINOR} minor units`);

/** A card is only ever a token; anything that looks like a card number is refused. */
export const cardTokenSchema = z
  .string({ error: 'is required' })
  .regex(/^tok_[A-Za-z0-9_]{1,60}$/, 'must be a card token like tok_visa (never a card number)');
