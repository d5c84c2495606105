export { applyMigrations } from './apply-migrations';
export type { ApplyMigrationsOptions, ApplyMigrationsResult } from './apply-migrations';
export { readLocalMigrations, DEFAULT_MIGRATIONS_DIR } from './read-local-migrations';
export type { LocalMigration } from './local-migration';
export { migrationChecksum, scriptMatchesChecksum } from './migration-checksum';
export { MigrationChecksumMismatchError } from './migration-checksum-mismatch.error';
export { FailedMigrationFoundError } from './failed-migration-found.error';
export { MigrationLockTimeoutError } from './migration-lock-timeout.error';
export {
  PRISMA_MIGRATIONS_TABLE,
  PRISMA_MIGRATE_ADVISORY_LOCK_KEY,
} from './prisma-migrations-table';
