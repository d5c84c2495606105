import { Prisma, TOLL_CHARGE_STATUS_RANK } from '@paystream/db';
import { TollChargeResultV1 } from '@paystream/contracts';

/**
 * One UPDATE that moves each charge forward to the result decided for it,
 * still guarded by status_rank in SQL (a charge never moves back).
 *
 * `c.id = ANY(...)` repeats the join key on purpose: it bounds the read of
 * toll_charges to the batch's charges (through the primary key on a large
 * table; on a small one Postgres 15 may filter a scan by it instead). Joined on
 * `c.id = w.charge_id` alone, the planner hashed the whole table for every
 * batch (a sequential scan of 100,000 charges, 100 ms, to update 500), and
 * chose so from fresh statistics too: its cost model prices a random index
 * probe above a sequential page.
 */
export function moveChargesForwardStatement(winners: TollChargeResultV1[]): Prisma.Sql {
  const chargeIds = winners.map((w) => w.chargeId);
  return Prisma.sql`
    UPDATE toll_charges AS c SET
      status = w.outcome::toll_charge_status,
      status_rank = w.rank,
      attempts = w.attempts,
      decline_code = w.decline_code,
      gateway_charge_id = w.gateway_charge_id,
      last_error = w.last_error,
      settled_at = w.settled_at,
      updated_at = now()
    FROM unnest(
      ${chargeIds}::uuid[],
      ${winners.map((w) => w.outcome)}::text[],
      ${winners.map((w) => TOLL_CHARGE_STATUS_RANK[w.outcome])}::int[],
      ${winners.map((w) => w.attempts)}::int[],
      ${winners.map((w) => w.declineCode)}::text[],
      ${winners.map((w) => w.gatewayChargeId)}::text[]::uuid[],
      ${winners.map((w) => (w.outcome === 'SETTLED' ? null : w.reason))}::text[],
      ${winners.map((w) => (w.outcome === 'SETTLED' ? w.decidedAt : null))}::text[]::timestamptz[]
    ) AS w(charge_id, outcome, rank, attempts, decline_code, gateway_charge_id, last_error, settled_at)
    WHERE c.id = w.charge_id AND c.id = ANY(${chargeIds}::uuid[]) AND c.status_rank < w.rank`;
}
