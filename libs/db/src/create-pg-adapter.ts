import { PrismaPg } from '@prisma/adapter-pg';
import type { PoolConfig } from 'pg';

export interface PgPoolLimits {
  /** pg pool size; pg's default (10) when unset */
  poolMax?: number;
  /** Longest wait for a pooled connection (pg's connectionTimeoutMillis); unbounded when unset. */
  poolWaitMs?: number;
  /** Postgres statement_timeout of every connection; the server's setting when unset. */
  statementTimeoutMs?: number;
}

/** node-postgres pool settings for a Prisma-style URL, and the schema its `?schema=` names. */
export function pgPoolConfig(
  databaseUrl: string,
  limits: PgPoolLimits = {},
): { config: PoolConfig; schema?: string } {
  const { poolMax, poolWaitMs, statementTimeoutMs } = limits;
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  return {
    config: {
      connectionString: url.toString(),
      ...(poolMax ? { max: poolMax } : {}),
      ...(poolWaitMs ? { connectionTimeoutMillis: poolWaitMs } : {}),
      ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
    },
    ...(schema ? { schema } : {}),
  };
}

/**
 * The driver adapter every Prisma client here uses (Prisma 7 is Rust-free: the
 * queries go through node-postgres, no engine binary). A `?schema=` parameter
 * is turned into the adapter's schema option, since pg itself ignores it.
 */
export function createPgAdapter(databaseUrl: string, limits: PgPoolLimits = {}): PrismaPg {
  const { config, schema } = pgPoolConfig(databaseUrl, limits);
  return new PrismaPg(config, schema ? { schema } : undefined);
}
