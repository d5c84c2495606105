import { DynamicModule, Module } from '@nestjs/common';
import { DbModule, DatabaseReadiness } from '@paystream/db';

@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [DbModule.forRoot({ databaseUrl })],
      providers: [DatabaseReadiness],
    };
  }
}
