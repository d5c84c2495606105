/** Injection token for DbModule's options. */
export const DB_MODULE_OPTIONS = Symbol('DB_MODULE_OPTIONS');

import type { PgPoolLimits } from './create-pg-adapter';

export interface DbModuleOptions extends PgPoolLimits {
  /** postgresql://… (a `?schema=name` parameter selects the Postgres schema, as in Prisma URLs) */
  databaseUrl: string;
  /** Adds "the database answers" to the app's /health/ready (needs ObservabilityModule). */
  readiness?: boolean;
  /**
   * Provide PrismaService (default). `false` for an app whose database work is all SqlService:
   * Prisma's query compiler is then never loaded (about 20–30 MB resident, issue 17).
   */
  prisma?: boolean;
}
