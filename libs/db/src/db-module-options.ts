/** Injection token for DbModule's options. */
export const DB_MODULE_OPTIONS = Symbol('DB_MODULE_OPTIONS');

export interface DbModuleOptions {
  /** postgresql://… (a `?schema=name` parameter selects the Postgres schema, as in Prisma URLs) */
  databaseUrl: string;
  /** pg pool size; pg's default (10) when unset */
  poolMax?: number;
  /** Longest wait for a pooled connection before a query fails; pg's default (forever) when unset */
  poolWaitMs?: number;
  /** Postgres statement_timeout for this pool's sessions; none when unset */
  statementTimeoutMs?: number;
}
