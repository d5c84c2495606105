import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@paystream/testing';
import {
  applyMigrations,
  DEFAULT_MIGRATIONS_DIR,
  FailedMigrationFoundError,
  MigrationChecksumMismatchError,
  readLocalMigrations,
} from '../src/migrate';

const BASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const EXPECTED_TABLES = [
  '_prisma_migrations',
  'gateway_charges',
  'gateway_idempotency_keys',
  'outbox_events',
  'outbox_relay_fences',
  'pos_payment_attempts',
  'pos_payments',
  'processed_events',
  'sales',
  'toll_charges',
  'toll_exits',
  'toll_tariffs',
];

async function query<T extends object>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A copy of prisma/migrations that a test may change. */
function copyOfMigrations(): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'paystream-migrations-')), 'migrations');
  cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

describe('applyMigrations on an empty database', () => {
  const databases: TestDatabase[] = [];
  const tempDirs: string[] = [];

  async function emptyDatabase(): Promise<TestDatabase> {
    const db = await createTestDatabase(BASE_URL, { migrate: false });
    databases.push(db);
    return db;
  }

  function tempMigrations(): string {
    const dir = copyOfMigrations();
    tempDirs.push(path.dirname(dir));
    return dir;
  }

  afterAll(async () => {
    await Promise.all(databases.map((db) => db.drop()));
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('creates every table and records each migration as Prisma does; a second run applies nothing', async () => {
    const db = await emptyDatabase();
    const local = readLocalMigrations();
    expect(local.length).toBeGreaterThan(0);

    const lines: string[] = [];
    const first = await applyMigrations(db.url, { log: (line) => lines.push(line) });
    expect(first.applied).toEqual(local.map((m) => m.name));
    expect(first.alreadyApplied).toEqual([]);
    expect(lines).toEqual(local.map((m) => `applied ${m.name}`));

    const tables = await query<{ table_name: string }>(
      db.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual(EXPECTED_TABLES);

    const history = await query<{
      id: string;
      checksum: string;
      finished_at: Date | null;
      migration_name: string;
      logs: string | null;
      rolled_back_at: Date | null;
      started_at: Date;
      applied_steps_count: number;
    }>(db.url, 'SELECT * FROM _prisma_migrations ORDER BY started_at');
    expect(history).toHaveLength(local.length);
    for (const [i, row] of history.entries()) {
      const file = readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, local[i].name, 'migration.sql'));
      expect(row).toEqual({
        id: expect.stringMatching(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        ),
        checksum: createHash('sha256').update(file).digest('hex'),
        finished_at: expect.any(Date),
        migration_name: local[i].name,
        logs: null,
        rolled_back_at: null,
        started_at: expect.any(Date),
        applied_steps_count: 1,
      });
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }

    // Prisma's own column definitions, so `prisma migrate status/deploy` read the same table.
    const columns = await query<{ column_name: string; data_type: string; is_nullable: string }>(
      db.url,
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', is_nullable: 'NO' },
      { column_name: 'checksum', data_type: 'character varying', is_nullable: 'NO' },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', is_nullable: 'YES' },
      { column_name: 'migration_name', data_type: 'character varying', is_nullable: 'NO' },
      { column_name: 'logs', data_type: 'text', is_nullable: 'YES' },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', is_nullable: 'YES' },
      { column_name: 'started_at', data_type: 'timestamp with time zone', is_nullable: 'NO' },
      { column_name: 'applied_steps_count', data_type: 'integer', is_nullable: 'NO' },
    ]);

    const second = await applyMigrations(db.url);
    expect(second).toEqual({ applied: [], alreadyApplied: local.map((m) => m.name) });
    const count = await query<{ n: string }>(
      db.url,
      'SELECT count(*) AS n FROM _prisma_migrations',
    );
    expect(Number(count[0].n)).toBe(local.length);
  });

  it('refuses to run when an applied migration was edited afterwards', async () => {
    const db = await emptyDatabase();
    const dir = tempMigrations();
    await applyMigrations(db.url, { migrationsDir: dir });

    const [first] = readLocalMigrations(dir);
    const file = path.join(dir, first.name, 'migration.sql');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n-- edited after it was applied\n`);

    await expect(applyMigrations(db.url, { migrationsDir: dir })).rejects.toBeInstanceOf(
      MigrationChecksumMismatchError,
    );
    await expect(applyMigrations(db.url, { migrationsDir: dir })).rejects.toThrow(first.name);
  });

  it('accepts the same migration checked out with CRLF line endings (as Prisma does)', async () => {
    const db = await emptyDatabase();
    const dir = tempMigrations();
    await applyMigrations(db.url, { migrationsDir: dir });
    const local = readLocalMigrations(dir);
    for (const migration of local) {
      const file = path.join(dir, migration.name, 'migration.sql');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    }
    await expect(applyMigrations(db.url, { migrationsDir: dir })).resolves.toEqual({
      applied: [],
      alreadyApplied: local.map((m) => m.name),
    });
  });

  it('applies a later migration on top, and rolls a failing one back without recording it', async () => {
    const db = await emptyDatabase();
    const dir = tempMigrations();
    await applyMigrations(db.url, { migrationsDir: dir });

    mkdirSync(path.join(dir, '99990101000000_add_note'));
    writeFileSync(
      path.join(dir, '99990101000000_add_note', 'migration.sql'),
      'ALTER TABLE "sales" ADD COLUMN "note" TEXT;\n',
    );
    mkdirSync(path.join(dir, '99990102000000_broken'));
    writeFileSync(
      path.join(dir, '99990102000000_broken', 'migration.sql'),
      'CREATE TABLE "half_done" ("id" INTEGER);\nSELECT * FROM "no_such_table";\n',
    );

    await expect(applyMigrations(db.url, { migrationsDir: dir })).rejects.toThrow(
      /99990102000000_broken failed and was rolled back/,
    );
    const names = await query<{ migration_name: string }>(
      db.url,
      'SELECT migration_name FROM _prisma_migrations ORDER BY started_at',
    );
    expect(names.map((r) => r.migration_name).slice(-1)).toEqual(['99990101000000_add_note']);
    const halfDone = await query<{ t: string | null }>(
      db.url,
      "SELECT to_regclass('public.half_done')::text AS t",
    );
    expect(halfDone[0].t).toBeNull();
    const note = await query(
      db.url,
      "SELECT 1 FROM information_schema.columns WHERE table_name = 'sales' AND column_name = 'note'",
    );
    expect(note).toHaveLength(1);
  });

  it('refuses while a failed, unresolved migration is recorded (Prisma P3009)', async () => {
    const db = await emptyDatabase();
    await applyMigrations(db.url);
    await query(
      db.url,
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at, applied_steps_count)
       VALUES (gen_random_uuid()::text, repeat('0', 64), '99990101000000_failed_elsewhere', 'boom', now(), 0)`,
    );
    await expect(applyMigrations(db.url)).rejects.toBeInstanceOf(FailedMigrationFoundError);

    await query(
      db.url,
      "UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '99990101000000_failed_elsewhere'",
    );
    await expect(applyMigrations(db.url)).resolves.toMatchObject({ applied: [] });
  });

  it('lets concurrent runners race safely: each migration is applied exactly once', async () => {
    const db = await emptyDatabase();
    const results = await Promise.all([
      applyMigrations(db.url),
      applyMigrations(db.url),
      applyMigrations(db.url),
    ]);
    const local = readLocalMigrations().map((m) => m.name);
    expect(results.flatMap((r) => r.applied).sort()).toEqual([...local].sort());
    const rows = await query<{ migration_name: string }>(
      db.url,
      'SELECT migration_name FROM _prisma_migrations',
    );
    expect(rows.map((r) => r.migration_name).sort()).toEqual([...local].sort());
  });

  it('supports a Prisma-style ?schema= parameter', async () => {
    const db = await emptyDatabase();
    const url = `${db.url}?schema=paystream`;
    await expect(applyMigrations(url)).resolves.toMatchObject({
      applied: readLocalMigrations().map((m) => m.name),
    });
    const tables = await query<{ table_name: string }>(
      db.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'paystream' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual(EXPECTED_TABLES);
  });
});
