/** Injection token for DbModule's options. */
export const DB_MODULE_OPTIONS = Symbol('DB_MODULE_OPTIONS');

export interface DbModuleOptions {
  /** postgresql://… (a `?schema=name` parameter selects the Postgres schema, as in Prisma URLs) */
  databaseUrl: string;
  /** pg pool size; pg's default (10) when unset */
  poolMax?: number;
  /** Adds "the database answers" to the app's /health/ready (needs ObservabilityModule). */
  readiness?: boolean;
}
