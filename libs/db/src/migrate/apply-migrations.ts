import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { FailedMigrationFoundError } from './failed-migration-found.error';
import type { LocalMigration } from './local-migration';
import { MigrationChecksumMismatchError } from './migration-checksum-mismatch.error';
import { scriptMatchesChecksum } from './migration-checksum';
import { MigrationLockTimeoutError } from './migration-lock-timeout.error';
import {
  CREATE_PRISMA_MIGRATIONS_TABLE_SQL,
  PRISMA_MIGRATE_ADVISORY_LOCK_KEY,
} from './prisma-migrations-table';
import { DEFAULT_MIGRATIONS_DIR, readLocalMigrations } from './read-local-migrations';

export interface ApplyMigrationsOptions {
  /** receives one line per thing done; silent by default */
  log?: (message: string) => void;
  /** defaults to prisma/migrations at the repository root */
  migrationsDir?: string;
  /** how long to wait for another runner's advisory lock; default 60 s */
  lockTimeoutMs?: number;
}

export interface ApplyMigrationsResult {
  /** migrations applied by this call, in order */
  applied: string[];
  /** migrations that were already applied (checksums verified) */
  alreadyApplied: string[];
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

/**
 * Applies prisma/migrations to a Postgres database without Prisma's schema
 * engine (whose binary cannot be downloaded here), keeping the history in
 * Prisma's own `_prisma_migrations` table with the values Prisma writes, so
 * `prisma migrate deploy` / `status` (wherever the engine is available) agree
 * about what is applied and carry on from it.
 *
 * - takes Prisma Migrate's advisory lock, so concurrent runners (ours or
 *   Prisma's) never race;
 * - refuses when an applied migration's file changed (checksum) or when a
 *   failed, unresolved migration is recorded;
 * - applies each pending migration and its history row in one transaction:
 *   a failing migration leaves nothing behind.
 */
export async function applyMigrations(
  databaseUrl: string,
  options: ApplyMigrationsOptions = {},
): Promise<ApplyMigrationsResult> {
  const log = options.log ?? (() => undefined);
  const local = readLocalMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const { connectionString, schema } = splitSchemaParam(databaseUrl);

  const client = new Client({ connectionString });
  await client.connect();
  try {
    await acquireLock(client, options.lockTimeoutMs ?? 60_000);
    try {
      if (schema) {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
        await client.query(`SET search_path TO ${quoteIdent(schema)}`);
      }
      await client.query(CREATE_PRISMA_MIGRATIONS_TABLE_SQL);
      const pending = await pendingMigrations(client, local, log);
      const alreadyApplied = local.filter((m) => !pending.includes(m)).map((m) => m.name);
      const applied: string[] = [];
      for (const migration of pending) {
        await applyOne(client, migration);
        log(`applied ${migration.name}`);
        applied.push(migration.name);
      }
      if (applied.length === 0) log('no pending migrations');
      return { applied, alreadyApplied };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_ADVISORY_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

async function pendingMigrations(
  client: Client,
  local: LocalMigration[],
  log: (message: string) => void,
): Promise<LocalMigration[]> {
  const { rows } = await client.query<HistoryRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at, logs
       FROM _prisma_migrations ORDER BY started_at`,
  );
  const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) throw new FailedMigrationFoundError(failed.migration_name, failed.logs);

  const applied = new Map(
    rows
      .filter((row) => row.finished_at !== null && row.rolled_back_at === null)
      .map((row) => [row.migration_name, row]),
  );
  for (const migration of local) {
    const row = applied.get(migration.name);
    if (row && !scriptMatchesChecksum(migration.script, row.checksum)) {
      throw new MigrationChecksumMismatchError(migration.name, row.checksum, migration.checksum);
    }
  }
  const localNames = new Set(local.map((m) => m.name));
  for (const name of applied.keys()) {
    if (!localNames.has(name))
      log(`warning: ${name} is applied to the database but missing from the migrations folder`);
  }
  return local.filter((migration) => !applied.has(migration.name));
}

async function applyOne(client: Client, migration: LocalMigration): Promise<void> {
  const startedAt = new Date();
  await client.query('BEGIN');
  try {
    // Simple-query protocol (no parameters): the whole multi-statement script
    // runs as Prisma's engine sends it.
    await client.query(migration.script);
    await client.query(
      `INSERT INTO _prisma_migrations
         (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, $4, 1)`,
      [randomUUID(), migration.checksum, migration.name, startedAt],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${migration.name} failed and was rolled back: ${reason}`, {
      cause: error,
    });
  }
}

async function acquireLock(client: Client, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1) AS locked',
      [PRISMA_MIGRATE_ADVISORY_LOCK_KEY],
    );
    if (rows[0]?.locked) return;
    if (Date.now() >= deadline) throw new MigrationLockTimeoutError(timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Prisma URLs may carry `?schema=name`; pg does not know it, so it becomes a search_path. */
function splitSchemaParam(databaseUrl: string): { connectionString: string; schema?: string } {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), schema };
}

function quoteIdent(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
