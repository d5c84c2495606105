import { Injectable } from '@nestjs/common';
import { SqlService } from '@paystream/db';
import { Currency } from '@paystream/contracts';
import { TariffNotFoundError } from './tariff-not-found.error';
import { TariffCandidateRow, tariffCandidatesQuery } from './tariffs.sql';

/** Flat price at an exit plaza, for any (or no) entry plaza (see the tariff seed migration). */
export const ANY_ENTRY = '*';

export interface Fee {
  amountMinor: number;
  currency: Currency;
}

@Injectable()
export class TariffsService {
  constructor(private readonly sql: SqlService) {}

  /** The route's own price when the entry is known, else the exit plaza's flat price. */
  async feeFor(
    vehicleClass: string,
    entryPlazaId: string | null,
    exitPlazaId: string,
  ): Promise<Fee> {
    const candidates = entryPlazaId ? [entryPlazaId, ANY_ENTRY] : [ANY_ENTRY];
    const tariffs = await this.sql.query<TariffCandidateRow>(
      tariffCandidatesQuery(vehicleClass, exitPlazaId, candidates),
    );
    const tariff = candidates
      .map((entry) => tariffs.find((t) => t.entryPlazaId === entry))
      .find(Boolean);
    if (!tariff) throw new TariffNotFoundError(vehicleClass, entryPlazaId, exitPlazaId);
    return { amountMinor: tariff.amountMinor, currency: tariff.currency as Currency };
  }
}
