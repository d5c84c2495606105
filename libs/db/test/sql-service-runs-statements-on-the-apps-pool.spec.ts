import { NestFactory } from '@nestjs/core';
import { createTestDatabase, TestDatabase } from '@paystream/testing';
import { DbModule, Prisma, DatabasePool, PrismaService, SqlService } from '../src';

/**
 * SqlService runs the hot paths' `Prisma.sql` statements on node-postgres directly (issue 17):
 * through the one pool PrismaService owns, with results and errors as pg gives them, and
 * transactions that commit, roll back, and never hand a broken connection back to the pool.
 */
describe('SqlService runs statements on the app pool', () => {
  let db: TestDatabase;
  let database: DatabasePool;
  let prisma: PrismaService;
  let sql: SqlService;

  beforeAll(async () => {
    db = await createTestDatabase();
    database = new DatabasePool({ databaseUrl: db.url, poolMax: 2 });
    prisma = new PrismaService(database);
    sql = new SqlService(database);
    await sql.execute(Prisma.sql`CREATE TABLE sql_service_rows (id int PRIMARY KEY, note text)`);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.onModuleDestroy();
    await db?.drop();
  });

  const rowCount = async () =>
    (await sql.query<{ n: number }>(Prisma.sql`SELECT count(*)::int AS n FROM sql_service_rows`))[0]
      .n;

  it('returns rows typed as pg parses them, and how many rows a write touched', async () => {
    const at = new Date('2026-11-30T12:00:00.123Z');
    const [row] = await sql.query<{ at: Date; doc: unknown; n: number; big: string }>(
      Prisma.sql`SELECT ${at}::timestamptz AS at, ${JSON.stringify({ a: [1] })}::jsonb AS doc,
        ${42}::int AS n, ${'9007199254740993'}::bigint AS big`,
    );
    expect(row).toEqual({ at, doc: { a: [1] }, n: 42, big: '9007199254740993' });

    const written = await sql.execute(
      Prisma.sql`INSERT INTO sql_service_rows (id, note)
        SELECT g, 'n' FROM unnest(${[1, 2, 3]}::int[]) AS g`,
    );
    expect(written).toBe(3);
    expect(
      await sql.queryOne<{ id: number }>(Prisma.sql`SELECT id FROM sql_service_rows WHERE id = 2`),
    ).toEqual({ id: 2 });
    expect(
      await sql.queryOne(Prisma.sql`SELECT id FROM sql_service_rows WHERE id = 404`),
    ).toBeNull();
    expect(await prisma.$queryRaw`SELECT id FROM sql_service_rows ORDER BY id`).toEqual([
      { id: 1 },
      { id: 2 },
      { id: 3 },
    ]);
  });

  it("reports Postgres's refusals with their SQLSTATE", async () => {
    await expect(
      sql.execute(Prisma.sql`INSERT INTO sql_service_rows (id, note) VALUES (1, 'again')`),
    ).rejects.toMatchObject({ code: '23505' });
  });

  it('commits a transaction, and rolls all of it back when the work throws', async () => {
    const before = await rowCount();
    await sql.transaction(async (tx) => {
      await tx.execute(Prisma.sql`INSERT INTO sql_service_rows VALUES (10, 'kept')`);
      await tx.execute(Prisma.sql`INSERT INTO sql_service_rows VALUES (11, 'kept')`);
    });
    expect(await rowCount()).toBe(before + 2);

    await expect(
      sql.transaction(async (tx) => {
        await tx.execute(Prisma.sql`INSERT INTO sql_service_rows VALUES (20, 'undone')`);
        await tx.execute(Prisma.sql`INSERT INTO sql_service_rows VALUES (10, 'clash')`);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await rowCount()).toBe(before + 2);
    expect(database.pool.totalCount).toBeLessThanOrEqual(2);
  });

  it('reads from one snapshot at repeatable read, and from each statement at the default', async () => {
    const seenTwice = (isolation?: 'repeatable read') =>
      sql.transaction(async (tx) => {
        const first = await tx.query<{ n: number }>(
          Prisma.sql`SELECT count(*)::int AS n FROM sql_service_rows`,
        );
        // Committed by another connection between the transaction's two reads.
        await sql.execute(
          Prisma.sql`INSERT INTO sql_service_rows SELECT coalesce(max(id), 0) + 1, 'between'
            FROM sql_service_rows`,
        );
        const second = await tx.query<{ n: number }>(
          Prisma.sql`SELECT count(*)::int AS n FROM sql_service_rows`,
        );
        return second[0].n - first[0].n;
      }, isolation);
    expect(await seenTwice('repeatable read')).toBe(0);
    expect(await seenTwice()).toBe(1);
  });

  it('discards a connection that died inside a transaction instead of pooling it', async () => {
    const before = await rowCount();
    await expect(
      sql.transaction(async (tx) => {
        await tx.execute(Prisma.sql`INSERT INTO sql_service_rows VALUES (30, 'lost')`);
        // The server ends this very connection: neither COMMIT nor ROLLBACK can be sent on it.
        await tx.query(Prisma.sql`SELECT pg_terminate_backend(pg_backend_pid())`);
      }),
    ).rejects.toThrow();
    // The next statements get a healthy connection, and the dead transaction wrote nothing.
    expect(await rowCount()).toBe(before);
    await sql.transaction(async (tx) => {
      expect(await tx.execute(Prisma.sql`UPDATE sql_service_rows SET note = note`)).toBe(before);
    });
  });

  it('shares the pool with Prisma: its size bounds both', async () => {
    const app = await NestFactory.createApplicationContext(
      DbModule.forRoot({ databaseUrl: db.url, poolMax: 1 }),
      { logger: false },
    );
    try {
      const appPrisma = app.get(PrismaService);
      const appSql = app.get(SqlService);
      const order: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      // The transaction holds the only connection; Prisma's query has to wait for it.
      const transaction = appSql.transaction(async (tx) => {
        await tx.query(Prisma.sql`SELECT 1`);
        order.push('transaction has the connection');
        await held;
        order.push('transaction done');
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const viaPrisma = appPrisma.$queryRaw`SELECT 1`.then(() => order.push('prisma query ran'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(order).toEqual(['transaction has the connection']);
      release();
      await Promise.all([transaction, viaPrisma]);
      expect(order).toEqual([
        'transaction has the connection',
        'transaction done',
        'prisma query ran',
      ]);
      expect(app.get(DatabasePool).pool.totalCount).toBe(1);
    } finally {
      await app.close();
    }
  });
});
