import type { GatewayCharge } from '@paystream/contracts';
import type { PosAttemptOutcome } from '@paystream/db';

/**
 * One gateway call, classified the way the till needs to answer it.
 * `outcomeUnknown`: the gateway may have charged (timeout, reset, 5xx other
 * than "down", key in use, a call cut off): never final, always looked up.
 */
export type GatewayCallResult =
  | { outcome: 'approved'; charge: GatewayCharge }
  | { outcome: 'declined'; code: string; charge: GatewayCharge }
  | {
      outcome: Exclude<PosAttemptOutcome, 'approved' | 'declined'>;
      message: string;
      httpStatus?: number;
      outcomeUnknown: boolean;
    };
