import { DynamicModule, Module } from '@nestjs/common';
import { DatabasePool } from './database-pool';
import { DatabaseReadiness } from './database.readiness';
import { DB_MODULE_OPTIONS, DbModuleOptions } from './db-module-options';
import { PrismaService } from './prisma.service';
import { SqlService } from './sql.service';

/**
 * `DbModule.forRoot({ databaseUrl: config.DATABASE_URL })` in an app module
 * makes SqlService and PrismaService injectable everywhere in the app (global
 * module), both on one pool; `prisma: false` leaves PrismaService out;
 * `readiness: true` also makes the database part of /health/ready.
 */
@Module({})
export class DbModule {
  static forRoot(options: DbModuleOptions): DynamicModule {
    const withPrisma = options.prisma !== false;
    return {
      module: DbModule,
      global: true,
      providers: [
        { provide: DB_MODULE_OPTIONS, useValue: options },
        DatabasePool,
        SqlService,
        ...(withPrisma ? [PrismaService] : []),
        ...(options.readiness ? [DatabaseReadiness] : []),
      ],
      exports: [DatabasePool, SqlService, ...(withPrisma ? [PrismaService] : [])],
    };
  }
}
