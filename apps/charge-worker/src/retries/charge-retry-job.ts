import { TollChargeRequestedV1 } from '@paystream/contracts';
import { ChargeSource } from '../charges/charge.source';

/** Data of a delayed retry job: the charge, the record it came from and how many attempts were made. */
export interface ChargeRetryJob {
  charge: TollChargeRequestedV1;
  source: ChargeSource;
  /** Gateway attempts already made (the job makes attempt number attemptsMade + 1). */
  attemptsMade: number;
  lastError: string;
  /**
   * Times the gateway answered 409 idempotency_key_in_use since the last real
   * attempt: "ask again later", which uses up no attempt (absent in jobs
   * stored by older versions: 0).
   */
  inUseWaits?: number;
}

/**
 * Deterministic job id: a redelivered record (after a crash, before its offset
 * was committed) schedules the same job again, and BullMQ ignores an add whose
 * id already exists. BullMQ forbids ':' in custom ids.
 */
export function retryJobId(chargeId: string, attemptNo: number, inUseWaits = 0): string {
  return inUseWaits > 0
    ? `${chargeId}-attempt-${attemptNo}-wait-${inUseWaits}`
    : `${chargeId}-attempt-${attemptNo}`;
}
