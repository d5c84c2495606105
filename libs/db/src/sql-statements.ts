import type { QueryResultRow } from 'pg';
import type { Prisma } from './generated/prisma/client';

/** A pg Pool or one of its clients: where a statement runs. */
export interface PgQueryable {
  query<T extends QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: T[]; rowCount: number | null }>;
}

/**
 * `Prisma.sql` statements run on node-postgres directly. What differs from
 * `$queryRaw`, so statements cast in SQL what their callers rely on: int8 and
 * numeric come back as strings (pg's defaults), not bigint/Decimal; errors are
 * pg's own (`code` is the SQLSTATE, e.g. '23505'), not Prisma's P2010.
 */
export class SqlStatements {
  constructor(private readonly target: PgQueryable) {}

  /** The statement's rows. */
  async query<T extends QueryResultRow>(statement: Prisma.Sql): Promise<T[]> {
    const result = await this.target.query<T>(statement.text, statement.values);
    return result.rows;
  }

  /** The statement's first row, or null when it returned none (a lookup by a unique key). */
  async queryOne<T extends QueryResultRow>(statement: Prisma.Sql): Promise<T | null> {
    const [row] = await this.query<T>(statement);
    return row ?? null;
  }

  /** How many rows the statement wrote (INSERT/UPDATE/DELETE). */
  async execute(statement: Prisma.Sql): Promise<number> {
    const result = await this.target.query(statement.text, statement.values);
    return result.rowCount ?? 0;
  }
}
