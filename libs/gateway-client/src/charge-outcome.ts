import type { DeclineCode, GatewayCharge } from '@paystream/contracts';

/**
 * What a charge call returns when the gateway gave a definite answer.
 * Declines are answers, not failures: they are returned, never thrown, so a
 * circuit breaker around the call does not count them.
 */
export type ChargeOutcome =
  | { kind: 'approved'; charge: GatewayCharge; replayed: boolean }
  | { kind: 'declined'; code: DeclineCode | string; charge: GatewayCharge; replayed: boolean };
