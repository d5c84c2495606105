import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DatabasePool } from './database-pool';
import { SqlStatements } from './sql-statements';

/** A transaction's isolation level; Postgres's own default (read committed) when none is given. */
export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

const BEGIN: Record<IsolationLevel, string> = {
  'read committed': 'BEGIN ISOLATION LEVEL READ COMMITTED',
  'repeatable read': 'BEGIN ISOLATION LEVEL REPEATABLE READ',
  serializable: 'BEGIN ISOLATION LEVEL SERIALIZABLE',
};

/**
 * Runs `Prisma.sql` statements on node-postgres directly, through the app's
 * one pool (DatabasePool, which Prisma's adapter shares). For the hot paths only (issue 17): Prisma's client
 * runtime cost 12–16 % of every app's CPU even for `$queryRaw`, which hands
 * the same text and values to the same pool. Everything else stays on Prisma.
 */
@Injectable()
export class SqlService extends SqlStatements {
  /** Only the pool is used (a test may hand in any `{ pool }`). */
  constructor(@Inject(DatabasePool) private readonly db: { readonly pool: Pool }) {
    super(db.pool);
  }

  /**
   * `work` inside BEGIN … COMMIT on one connection; ROLLBACK when it throws.
   * A connection that failed, or could not roll back, is discarded, not
   * returned to the pool in an unknown state. `isolation` names the level (e.g. 'repeatable read'
   * for several reads from one snapshot).
   */
  async transaction<T>(
    work: (tx: SqlStatements) => Promise<T>,
    isolation?: IsolationLevel,
  ): Promise<T> {
    const client = await this.db.pool.connect();
    let broken: Error | undefined;
    // A checked-out client has no listener of its own: a connection lost between two statements
    // would be an unhandled 'error' event, which crashes the process. It fails the next statement.
    const onError = (error: Error) => (broken ??= error);
    client.on('error', onError);
    try {
      await client.query(isolation ? BEGIN[isolation] : 'BEGIN');
      const result = await work(new SqlStatements(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackFailed: unknown) => {
        broken ??=
          rollbackFailed instanceof Error ? rollbackFailed : new Error(String(rollbackFailed));
      });
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }
}
