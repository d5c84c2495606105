import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { createPgAdapter } from './create-pg-adapter';
import { DB_MODULE_OPTIONS, DbModuleOptions } from './db-module-options';
import { PrismaClient } from './generated/prisma/client';

/**
 * The Prisma client as a NestJS provider: connects when the module starts (so
 * a wrong DATABASE_URL fails the boot, not the first request) and closes the
 * pool on shutdown (enable `app.enableShutdownHooks()` in main.ts).
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  constructor(@Inject(DB_MODULE_OPTIONS) options: DbModuleOptions) {
    super({ adapter: createPgAdapter(options.databaseUrl, options) });
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
