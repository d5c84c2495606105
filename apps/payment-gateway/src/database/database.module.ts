import { DynamicModule, Module } from '@nestjs/common';
import { DbModule } from '@paystream/db';
import { DatabaseReadiness } from './database.readiness';

@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return { module: DatabaseModule, imports: [DbModule.forRoot({ databaseUrl })], providers: [DatabaseReadiness] };
  }
}
