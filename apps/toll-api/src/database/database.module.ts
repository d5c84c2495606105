import { DynamicModule, Module } from '@nestjs/common';
import { DbModule } from '@paystream/db';
import { DatabaseReadiness } from './database.readiness';

@Module({})
export class DatabaseModule {
  static forRoot(options: { databaseUrl: string; poolMax: number }): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [DbModule.forRoot({ databaseUrl: options.databaseUrl, poolMax: options.poolMax })],
      providers: [DatabaseReadiness],
    };
  }
}
