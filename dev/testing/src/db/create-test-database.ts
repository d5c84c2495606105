import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { applyMigrations } from '@paystream/db';

export const DEFAULT_TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** name of the new database (`test_<random>`) */
  name: string;
  /** the base URL with the new database's name: fully migrated */
  url: string;
  /** terminates the database's connections and drops it; safe to call twice */
  drop(): Promise<void>;
}

/**
 * A fresh, fully migrated database for one test file: CREATE DATABASE with a
 * random name on the server of `baseUrl`, then applyMigrations. Call `drop()`
 * in afterAll.
 */
export async function createTestDatabase(
  baseUrl: string = process.env.DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  const url = withDatabase(baseUrl, name);
  await withAdminClient(baseUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  let dropped = false;
  const drop = async (): Promise<void> => {
    if (dropped) return;
    dropped = true;
    await withAdminClient(baseUrl, async (admin) => {
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
  };
  if (options.migrate !== false) {
    try {
      await applyMigrations(url);
    } catch (error) {
      await drop();
      throw error;
    }
  }
  return { name, url, drop };
}

function withDatabase(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** CREATE/DROP DATABASE cannot run inside the target itself: use the base URL's database. */
async function withAdminClient<T>(baseUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
