import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { DATABASE_POOL } from '../sources/sources.tokens';
import { DatabaseView } from './console-snapshot';

const COUNTS_SQL = `
SELECT 'outbox' AS kind, 'backlog' AS name, count(*)::int AS n,
       extract(epoch FROM now() - min(created_at))::float AS oldest
  FROM outbox_events WHERE published_at IS NULL
UNION ALL SELECT 'toll', status::text, count(*)::int, NULL FROM toll_charges GROUP BY status
UNION ALL SELECT 'till', status::text, count(*)::int, NULL FROM pos_payments GROUP BY status
UNION ALL SELECT 'resolution', resolution::text, count(*)::int, NULL FROM pos_payments
  WHERE resolution IS NOT NULL GROUP BY resolution`;

/** Application state from Postgres in one round trip: backlog, charges and payments by status. */
@Injectable()
export class DatabaseReader {
  constructor(@Inject(DATABASE_POOL) private readonly pool: Pool) {}

  async read(): Promise<DatabaseView> {
    const { rows } = await this.pool.query<{
      kind: string;
      name: string;
      n: number;
      oldest: number | null;
    }>(COUNTS_SQL);
    const view: DatabaseView = {
      outboxBacklog: 0,
      oldestUnpublishedSeconds: null,
      tollCharges: {},
      tillPayments: {},
      tillResolutions: {},
    };
    for (const row of rows) {
      if (row.kind === 'outbox') {
        view.outboxBacklog = row.n;
        view.oldestUnpublishedSeconds =
          row.oldest === null ? null : Math.round(row.oldest * 10) / 10;
      } else if (row.kind === 'toll') view.tollCharges[row.name] = row.n;
      else if (row.kind === 'till') view.tillPayments[row.name] = row.n;
      else view.tillResolutions[row.name] = row.n;
    }
    return view;
  }
}
