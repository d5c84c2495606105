import { Prisma, type TollCharge, type TollExit } from '@paystream/db';

// toll-api's reads, as plain statements on SqlService (issue 17): with the intake already one
// statement (exits/exit-intake.sql.ts), these three reads were all that loaded Prisma's client in
// this app, about 80 MB of its resident memory under load. Prisma stays the schema and the
// migrations; the rows are the ones its model calls returned.

/** A charge and its exit side by side; the exit's columns carry an `exit_` prefix. */
const CHARGE_AND_EXIT_COLUMNS = Prisma.raw(`c.id, c.exit_id AS "exitId", c.plate,
  c.card_token AS "cardToken", c.amount_minor AS "amountMinor", c.currency, c.status::text AS status,
  c.status_rank AS "statusRank", c.attempts, c.last_error AS "lastError",
  c.decline_code AS "declineCode", c.gateway_charge_id AS "gatewayChargeId",
  c.settled_at AS "settledAt", c.created_at AS "createdAt", c.updated_at AS "updatedAt",
  e.id AS exit_id, e.idempotency_key AS exit_idempotency_key, e.plaza_id AS exit_plaza_id,
  e.lane_id AS exit_lane_id, e.plate AS exit_plate, e.vehicle_class AS exit_vehicle_class,
  e.entry_plaza_id AS exit_entry_plaza_id, e.exited_at AS exit_exited_at,
  e.created_at AS exit_created_at`);

/** One row of CHARGE_AND_EXIT_COLUMNS (the charge's columns are null for an exit without one). */
export type ChargeAndExitRow = { [K in keyof TollCharge]: TollCharge[K] | null } & {
  exit_id: string;
  exit_idempotency_key: string;
  exit_plaza_id: string;
  exit_lane_id: string;
  exit_plate: string;
  exit_vehicle_class: string;
  exit_entry_plaza_id: string | null;
  exit_exited_at: Date;
  exit_created_at: Date;
};

/** The charge with this id, with its exit. */
export function chargeByIdStatement(chargeId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT ${CHARGE_AND_EXIT_COLUMNS}
    FROM toll_charges c JOIN toll_exits e ON e.id = c.exit_id
    WHERE c.id = ${chargeId}::uuid`;
}

/** A plate's charges with their exits, newest first (ties by id), at most `limit`. */
export function chargesByPlateStatement(plate: string, limit: number): Prisma.Sql {
  return Prisma.sql`
    SELECT ${CHARGE_AND_EXIT_COLUMNS}
    FROM toll_charges c JOIN toll_exits e ON e.id = c.exit_id
    WHERE c.plate = ${plate}
    ORDER BY c.created_at DESC, c.id ASC
    LIMIT ${limit}::int`;
}

/** The exit recorded under a lane's idempotency key, with its charge (if it has one). */
export function exitByKeyStatement(idempotencyKey: string): Prisma.Sql {
  return Prisma.sql`
    SELECT ${CHARGE_AND_EXIT_COLUMNS}
    FROM toll_exits e LEFT JOIN toll_charges c ON c.exit_id = e.id
    WHERE e.idempotency_key = ${idempotencyKey}`;
}

/** A CHARGE_AND_EXIT_COLUMNS row as Prisma's TollExit and TollCharge (null when the exit has none). */
export function splitChargeAndExit(row: ChargeAndExitRow): {
  exit: TollExit;
  charge: TollCharge | null;
} {
  const {
    exit_id,
    exit_idempotency_key,
    exit_plaza_id,
    exit_lane_id,
    exit_plate,
    exit_vehicle_class,
    exit_entry_plaza_id,
    exit_exited_at,
    exit_created_at,
    ...charge
  } = row;
  const exit: TollExit = {
    id: exit_id,
    idempotencyKey: exit_idempotency_key,
    plazaId: exit_plaza_id,
    laneId: exit_lane_id,
    plate: exit_plate,
    vehicleClass: exit_vehicle_class,
    entryPlazaId: exit_entry_plaza_id,
    exitedAt: exit_exited_at,
    createdAt: exit_created_at,
  };
  // A charge's columns are all set or (LEFT JOIN, no charge) all null; id tells which.
  return { exit, charge: charge.id === null ? null : (charge as TollCharge) };
}
