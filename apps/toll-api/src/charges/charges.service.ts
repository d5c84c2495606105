import { Injectable } from '@nestjs/common';
import { SqlService, type TollCharge, type TollExit } from '@paystream/db';
import { ChargeNotFoundError } from './charge-not-found.error';
import { ChargeView, toChargeView } from './charge-view';
import {
  chargeByIdStatement,
  chargesByPlateStatement,
  splitChargeAndExit,
  type ChargeAndExitRow,
} from './charges.sql';

@Injectable()
export class ChargesService {
  constructor(private readonly sql: SqlService) {}

  async get(chargeId: string): Promise<ChargeView> {
    const row = await this.sql.queryOne<ChargeAndExitRow>(chargeByIdStatement(chargeId));
    if (!row) throw new ChargeNotFoundError(chargeId);
    return toChargeView(withExit(row));
  }

  /** Newest first. */
  async listByPlate(plate: string, limit: number): Promise<ChargeView[]> {
    const rows = await this.sql.query<ChargeAndExitRow>(chargesByPlateStatement(plate, limit));
    return rows.map((row) => toChargeView(withExit(row)));
  }
}

/** A charge read by an inner join always has its exit. */
function withExit(row: ChargeAndExitRow): TollCharge & { exit: TollExit } {
  const { exit, charge } = splitChargeAndExit(row);
  if (!charge) throw new Error(`charge row for exit ${exit.id} has no charge`);
  return { ...charge, exit };
}
