// Public surface of @paystream/db.
// The generated client (models, enums, the Prisma namespace) is re-exported so
// apps import everything database-related from '@paystream/db'.
export * from './generated/prisma/client';
export { DbModule } from './db.module';
export { DB_MODULE_OPTIONS } from './db-module-options';
export type { DbModuleOptions } from './db-module-options';
export { PrismaService } from './prisma.service';
export { SqlService } from './sql.service';
export type { IsolationLevel } from './sql.service';
export { DatabasePool } from './database-pool';
export { SqlStatements } from './sql-statements';
export type { PgQueryable } from './sql-statements';
export { createPrismaClient } from './create-prisma-client';
export { createPgAdapter, pgPoolConfig } from './create-pg-adapter';
export type { PgPoolLimits } from './create-pg-adapter';
export { pingDatabase } from './ping-database';
export type { DatabasePing, RawQueryable } from './ping-database';
export { TOLL_CHARGE_STATUS_RANK } from './toll-charge-status-rank';
export * from './migrate';
export { DatabaseReadiness } from './database.readiness';
