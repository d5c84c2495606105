import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { DatabasePool } from './database-pool';
import { PrismaClient } from './generated/prisma/client';

/**
 * The Prisma client as a NestJS provider, on the app's one pool
 * (DatabasePool): it connects when the module starts and disconnects on
 * shutdown (enable `app.enableShutdownHooks()` in main.ts). An app whose
 * database work is all SqlService leaves it out (`DbModule.forRoot({ prisma:
 * false })`) and never loads Prisma's query compiler.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  constructor(@Inject(DatabasePool) database: DatabasePool) {
    super({
      adapter: new PrismaPg(
        database.pool,
        database.schema ? { schema: database.schema } : undefined,
      ),
    });
  }

  async onModuleInit(): Promise<void> {
    await this.$connect();
  }

  async onModuleDestroy(): Promise<void> {
    // The adapter leaves the pool it was given open: DatabasePool ends it.
    await this.$disconnect();
  }
}
