/**
 * Prisma Migrate's history table, exactly as its schema engine creates it on
 * Postgres (sql-schema-connector, `create_migrations_table`), so that rows
 * written by `applyMigrations` and by `prisma migrate deploy` are
 * interchangeable and `prisma migrate status` agrees with us.
 */
export const PRISMA_MIGRATIONS_TABLE = '_prisma_migrations';

export const CREATE_PRISMA_MIGRATIONS_TABLE_SQL = `
CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

/**
 * The advisory lock key Prisma Migrate takes (`SELECT pg_advisory_lock(72707369)`)
 * before touching the history. Taking the same one means our runner, Prisma's
 * and any number of copies of either never apply migrations at the same time.
 */
export const PRISMA_MIGRATE_ADVISORY_LOCK_KEY = 72707369;
