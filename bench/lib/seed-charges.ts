import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';

export interface SeededCharge {
  chargeId: string;
  exitId: string;
  plate: string;
}

/** Rows per INSERT … SELECT FROM unnest(...) statement: fast, and far below the parameter limit (arrays are one parameter each). */
const CHUNK = 5_000;

export function newCharges(plates: string[]): SeededCharge[] {
  return plates.map((plate) => ({ chargeId: randomUUID(), exitId: randomUUID(), plate }));
}

/** PENDING toll charges (with their exits) straight into the tables, as toll-api would have left them. */
export async function seedPendingCharges(
  client: Client,
  charges: SeededCharge[],
): Promise<SeededCharge[]> {
  for (let i = 0; i < charges.length; i += CHUNK) {
    const chunk = charges.slice(i, i + CHUNK);
    await client.query(
      `INSERT INTO toll_exits (id, idempotency_key, plaza_id, lane_id, plate, vehicle_class, exited_at)
       SELECT id, 'seed-' || id::text, 'PLZ-B', 'L03', plate, 'car', now() FROM unnest($1::uuid[], $2::text[]) AS t(id, plate)`,
      [chunk.map((c) => c.exitId), chunk.map((c) => c.plate)],
    );
    await client.query(
      `INSERT INTO toll_charges (id, exit_id, plate, card_token, amount_minor, currency)
       SELECT id, exit_id, plate, 'tok_visa', 320, 'EUR' FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS t(id, exit_id, plate)`,
      [chunk.map((c) => c.chargeId), chunk.map((c) => c.exitId), chunk.map((c) => c.plate)],
    );
  }
  return charges;
}
