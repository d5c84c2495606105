import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LocalMigration } from './local-migration';
import { migrationChecksum } from './migration-checksum';

/** prisma/migrations at the repository root (this file is libs/db/src/migrate/). */
export const DEFAULT_MIGRATIONS_DIR = path.resolve(__dirname, '../../../../prisma/migrations');

/**
 * Reads the migration folders like Prisma does: every sub-folder holding a
 * migration.sql, in lexicographic order of folder names (timestamps first).
 * Refuses a lock file for another provider.
 */
export function readLocalMigrations(
  migrationsDir: string = DEFAULT_MIGRATIONS_DIR,
): LocalMigration[] {
  if (!existsSync(migrationsDir)) {
    throw new Error(`Migrations folder not found: ${migrationsDir}`);
  }
  const lockFile = path.join(migrationsDir, 'migration_lock.toml');
  if (existsSync(lockFile)) {
    const provider = /provider\s*=\s*"([^"]+)"/.exec(readFileSync(lockFile, 'utf8'))?.[1];
    if (provider && provider !== 'postgresql') {
      throw new Error(`${lockFile} is for provider "${provider}", not postgresql`);
    }
  }
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, 'migration.sql')),
    )
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(migrationsDir, name, 'migration.sql'));
      return { name, script: bytes.toString('utf8'), checksum: migrationChecksum(bytes) };
    });
}
