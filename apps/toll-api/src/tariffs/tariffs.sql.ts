import { Prisma } from '@paystream/db';

/** The tariff rows feeFor chooses from, named as Prisma's Tariff names them. */
export interface TariffCandidateRow {
  entryPlazaId: string;
  amountMinor: number;
  currency: string;
}

/**
 * The route's tariffs for the given entry plazas: every exit reads them before it is written, so
 * the read is raw SQL on the pool like the write (issue 17), not a pass of Prisma's query compiler.
 * Served by the (vehicle_class, entry_plaza_id, exit_plaza_id) unique index.
 */
export function tariffCandidatesQuery(
  vehicleClass: string,
  exitPlazaId: string,
  entryPlazaIds: string[],
): Prisma.Sql {
  return Prisma.sql`
    SELECT entry_plaza_id AS "entryPlazaId", amount_minor AS "amountMinor", currency
    FROM toll_tariffs
    WHERE vehicle_class = ${vehicleClass} AND exit_plaza_id = ${exitPlazaId}
      AND entry_plaza_id = ANY(${entryPlazaIds}::text[])`;
}
