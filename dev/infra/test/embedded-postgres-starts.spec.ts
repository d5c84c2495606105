import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { startPostgres } from '@paystream/dev-infra';
import { isAlive } from './process-helpers';

// Real servers: starts take seconds, not milliseconds.
jest.setTimeout(120_000);

describe('Postgres without DATABASE_URL', () => {
  const saved = process.env.DATABASE_URL;
  beforeEach(() => {
    delete process.env.DATABASE_URL;
  });
  afterEach(() => {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
  });

  it('starts an embedded server that takes writes, and removes it on stop', async () => {
    const pg = await startPostgres();
    try {
      expect(pg.embedded).toBe(true);
      const client = new Client({ connectionString: pg.url });
      await client.connect();
      try {
        await client.query(
          'create table charge (id serial primary key, amount_minor bigint not null)',
        );
        await client.query('insert into charge (amount_minor) values (1250)');
        const { rows } = await client.query<{ sum: string }>(
          'select sum(amount_minor) from charge',
        );
        expect(rows[0].sum).toBe('1250');
      } finally {
        await client.end();
      }
    } finally {
      await pg.stop();
    }
    expect(isAlive(pg.pid!)).toBe(false);
    expect(fs.existsSync(pg.dataDir!)).toBe(false);
    // The server's folder, with any copy of the binaries made for an unprivileged user, goes too.
    expect(fs.existsSync(path.dirname(pg.dataDir!))).toBe(false);
  });

  it('falls back to an embedded server when DATABASE_URL is unreachable', async () => {
    const pg = await startPostgres({
      url: 'postgresql://postgres@127.0.0.1:1/postgres',
      reachTimeoutMs: 500,
    });
    try {
      expect(pg.embedded).toBe(true);
    } finally {
      await pg.stop();
    }
  });

  it('uses a reachable DATABASE_URL as is', async () => {
    const url = saved ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
    const pg = await startPostgres({ url });
    expect(pg).toMatchObject({ url, embedded: false });
  });
});
