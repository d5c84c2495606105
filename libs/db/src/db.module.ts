import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseReadiness } from './database.readiness';
import { DB_MODULE_OPTIONS, DbModuleOptions } from './db-module-options';
import { PrismaService } from './prisma.service';
import { SqlService } from './sql.service';

/**
 * `DbModule.forRoot({ databaseUrl: config.DATABASE_URL })` in an app module
 * makes PrismaService and SqlService injectable everywhere in the app (global module);
 * `readiness: true` also makes the database part of /health/ready.
 */
@Module({})
export class DbModule {
  static forRoot(options: DbModuleOptions): DynamicModule {
    return {
      module: DbModule,
      global: true,
      providers: [
        { provide: DB_MODULE_OPTIONS, useValue: options },
        PrismaService,
        SqlService,
        ...(options.readiness ? [DatabaseReadiness] : []),
      ],
      exports: [PrismaService, SqlService],
    };
  }
}
