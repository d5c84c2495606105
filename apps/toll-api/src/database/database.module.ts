import { DynamicModule, Module } from '@nestjs/common';
import { DbModule, DatabaseReadiness } from '@paystream/db';

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
