import { TollChargeStatus } from './generated/prisma/enums';

/**
 * Order of toll charge statuses for forward-only updates
 * (`UPDATE toll_charges … WHERE id = $1 AND status_rank < $rank`). A charge
 * leaves PENDING once; FAILED (dead-lettered) can still be overtaken by a
 * later SETTLED or DECLINED (a redriven message), never the reverse; SETTLED
 * and DECLINED are final.
 */
export const TOLL_CHARGE_STATUS_RANK: Readonly<Record<TollChargeStatus, number>> = Object.freeze({
  [TollChargeStatus.PENDING]: 0,
  [TollChargeStatus.FAILED]: 10,
  [TollChargeStatus.DECLINED]: 20,
  [TollChargeStatus.SETTLED]: 20,
});
