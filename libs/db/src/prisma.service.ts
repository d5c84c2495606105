import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { pgPoolConfig } from './create-pg-adapter';
import { DB_MODULE_OPTIONS, DbModuleOptions } from './db-module-options';
import { PrismaClient } from './generated/prisma/client';

/**
 * The Prisma client as a NestJS provider: connects when the module starts (so
 * a wrong DATABASE_URL fails the boot, not the first request) and closes the
 * pool on shutdown (enable `app.enableShutdownHooks()` in main.ts).
 *
 * It owns the app's one node-postgres pool, which SqlService shares: the hot
 * statements skip Prisma's client runtime but not its connection limits.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  private static readonly logger = new Logger('PrismaService');
  readonly pool: Pool;

  constructor(@Inject(DB_MODULE_OPTIONS) options: DbModuleOptions) {
    const { config, schema } = pgPoolConfig(options.databaseUrl, options);
    const pool = new Pool(config);
    super({ adapter: new PrismaPg(pool, schema ? { schema } : undefined) });
    this.pool = pool;
    // An idle connection the server dropped (restart, failover) leaves the pool; without a
    // listener, pg's 'error' event would crash the process. The next query opens a new one.
    pool.on('error', (error) =>
      PrismaService.logger.warn(`an idle database connection failed: ${error.message}`),
    );
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
    // The adapter leaves a pool it was given open; it is this service's to end.
    await this.pool.end();
  }
}
