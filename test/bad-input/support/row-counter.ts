import { Client } from 'pg';

/**
 * Counts the rows of every table of the test's own database (but the
 * migrations table), in one statement, so a refused request can be shown to
 * have written nothing anywhere.
 */
export class RowCounter {
  private statement = '';

  private constructor(private readonly client: Client) {}

  static async open(databaseUrl: string): Promise<RowCounter> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const counter = new RowCounter(client);
    const { rows } = await client.query<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`,
    );
    if (rows.length === 0) throw new Error('no tables: is the database migrated?');
    counter.statement = `SELECT ${rows.map((r) => `(SELECT count(*) FROM ${r.name})::int AS ${r.name}`).join(', ')}`;
    return counter;
  }

  /** Rows per table, e.g. { gateway_charges: 3, ... }. */
  async counts(): Promise<Record<string, number>> {
    const { rows } = await this.client.query<Record<string, number>>(this.statement);
    return rows[0];
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
