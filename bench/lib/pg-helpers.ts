import { Client } from 'pg';

export async function withPg<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function countRows(url: string, sql: string, params: unknown[] = []): Promise<number> {
  return withPg(url, async (c) => Number((await c.query<{ n: string }>(sql, params)).rows[0].n));
}
