import { TollChargeRequestedV1 } from '@paystream/contracts';

/** A PENDING charge past the re-drive bound, rebuilt from Postgres as the charge event. */
export interface StalePendingCharge {
  event: TollChargeRequestedV1;
  createdAt: Date;
}
