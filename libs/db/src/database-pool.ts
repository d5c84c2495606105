import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Pool } from 'pg';
import { pgPoolConfig } from './create-pg-adapter';
import { DB_MODULE_OPTIONS, DbModuleOptions } from './db-module-options';

/**
 * The app's one node-postgres pool. SqlService runs the hot statements on it,
 * and PrismaService (where the app has it) hands it to Prisma's adapter, so
 * one pool size bounds both. It is checked when the module starts (a wrong
 * DATABASE_URL fails the boot, not the first request) and ended on shutdown.
 */
@Injectable()
export class DatabasePool implements OnModuleInit, OnModuleDestroy {
  private static readonly logger = new Logger('DatabasePool');
  readonly pool: Pool;
  /** The Postgres schema a `?schema=` parameter of the URL names (Prisma's convention). */
  readonly schema?: string;

  constructor(@Inject(DB_MODULE_OPTIONS) options: DbModuleOptions) {
    const { config, schema } = pgPoolConfig(options.databaseUrl, options);
    this.pool = new Pool(config);
    this.schema = schema;
    // An idle connection the server dropped (restart, failover) leaves the pool; without a
    // listener, pg's 'error' event would crash the process. The next query opens a new one.
    this.pool.on('error', (error) =>
      DatabasePool.logger.warn(`an idle database connection failed: ${error.message}`),
    );
  }

  async onModuleInit(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
