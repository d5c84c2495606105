import type { Pool, QueryConfig } from 'pg';

/** What an app sent through its pg pool, recorded by recordPoolStatements. */
export interface PoolStatements {
  /** Each statement's SQL text, in the order sent. */
  texts(): string[];
  /** Each statement's parameter values, in the order sent (empty for none). */
  values(): unknown[][];
  /**
   * How each was sent: 'text' from SqlService (text and values), 'config'
   * from Prisma's adapter (a query config object).
   */
  kinds(): Array<'text' | 'config'>;
  /** Puts the pool's own query back. */
  restore(): void;
}

/** Records every statement sent with `pool.query` until `restore()`. */
export function recordPoolStatements(pool: Pool): PoolStatements {
  const original = pool.query;
  const sent: Array<string | QueryConfig> = [];
  const values: unknown[][] = [];
  pool.query = function (this: Pool, ...args: unknown[]) {
    const query = args[0] as string | QueryConfig;
    sent.push(query);
    values.push(
      (typeof query === 'string' ? (args[1] as unknown[] | undefined) : query.values) ?? [],
    );
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as Pool['query'];
  return {
    texts: () => sent.map((q) => (typeof q === 'string' ? q : q.text)),
    values: () => values,
    kinds: () => sent.map((q) => (typeof q === 'string' ? 'text' : 'config')),
    restore: () => {
      pool.query = original;
    },
  };
}
