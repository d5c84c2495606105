import { applyMigrations } from '@paystream/db';
import type { TestDatabase } from '@paystream/testing';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';

/** What `npm start --keep-data DIR` remembers between runs. */
interface KeptState {
  database: string;
}

/** Kafka keeps its log directories here. */
export function keptKafkaDir(dir: string): string {
  return path.join(path.resolve(dir), 'kafka');
}

/**
 * The database `npm start --keep-data DIR` uses on every run: its name is
 * chosen once and written to DIR/paystream.json; it is created if missing and
 * migrated (already-applied migrations are skipped), and never dropped.
 */
export async function openKeptDatabase(dir: string, serverUrl: string): Promise<TestDatabase> {
  mkdirSync(dir, { recursive: true });
  const stateFile = path.join(dir, 'paystream.json');
  const state: KeptState = existsSync(stateFile)
    ? (JSON.parse(readFileSync(stateFile, 'utf8')) as KeptState)
    : { database: `paystream_${randomBytes(4).toString('hex')}` };
  if (!/^[a-z0-9_]{1,63}$/.test(state.database)) {
    throw new Error(`${stateFile}: database name '${state.database}' is not one npm start wrote`);
  }
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      state.database,
    ]);
    if (rowCount === 0) await admin.query(`CREATE DATABASE "${state.database}"`);
  } finally {
    await admin.end();
  }
  writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  const url = new URL(serverUrl);
  url.pathname = `/${state.database}`;
  await applyMigrations(url.toString());
  return {
    name: state.database,
    url: url.toString(),
    // Kept on purpose: remove DIR and drop the database by hand to start afresh.
    drop: async () => undefined,
  };
}
