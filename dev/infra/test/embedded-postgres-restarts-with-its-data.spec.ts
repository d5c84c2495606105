import { Client } from 'pg';
import { startEmbeddedPostgres } from '@paystream/dev-infra';
import { isAlive } from './process-helpers';

// Real servers: starts take seconds, not milliseconds.
jest.setTimeout(120_000);

/** The chaos suite restarts Postgres under running apps: same URL, same data, a new server process. */
describe('embedded Postgres restart', () => {
  it('comes back on the same port with its data, and stop() still removes it', async () => {
    const pg = await startEmbeddedPostgres();
    try {
      const before = pg.pid!;
      const write = new Client({ connectionString: pg.url });
      await write.connect();
      await write.query(
        'create table charge (id serial primary key, amount_minor bigint not null)',
      );
      await write.query('insert into charge (amount_minor) values (1250)');
      // A client connected across the restart loses its connection, as apps do.
      const lost = new Promise<Error>((resolve) => write.on('error', resolve));

      await pg.restart!({ signal: 'SIGINT', downMs: 200 });

      expect((await lost).message).toMatch(/terminat|shutdown|Connection/i);
      expect(isAlive(before)).toBe(false);
      expect(pg.pid).not.toBe(before);
      const read = new Client({ connectionString: pg.url });
      await read.connect();
      try {
        const { rows } = await read.query<{ sum: string }>('select sum(amount_minor) from charge');
        expect(rows[0].sum).toBe('1250');
      } finally {
        await read.end();
      }
    } finally {
      await pg.stop();
    }
    expect(isAlive(pg.pid!)).toBe(false);
  });
});
