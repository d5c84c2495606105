import { PrismaPg } from '@prisma/adapter-pg';

export interface PgPoolOptions {
  /** pool size; pg's default (10) when unset */
  poolMax?: number;
  /** longest wait for a pooled connection ("timeout exceeded when trying to connect") */
  poolWaitMs?: number;
  /** Postgres statement_timeout (SQLSTATE 57014 when exceeded) */
  statementTimeoutMs?: number;
}

/**
 * The driver adapter every Prisma client here uses (Prisma 7 is Rust-free: the
 * queries go through node-postgres, no engine binary). A `?schema=` parameter
 * is turned into the adapter's schema option, since pg itself ignores it.
 */
export function createPgAdapter(databaseUrl: string, options: PgPoolOptions = {}): PrismaPg {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  return new PrismaPg(
    {
      connectionString: url.toString(),
      ...(options.poolMax ? { max: options.poolMax } : {}),
      ...(options.poolWaitMs ? { connectionTimeoutMillis: options.poolWaitMs } : {}),
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
    schema ? { schema } : undefined,
  );
}
