import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseReadiness, DbModule, DbModuleOptions } from '@paystream/db';

@Module({})
export class DatabaseModule {
  static forRoot(options: DbModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [DbModule.forRoot(options)],
      providers: [DatabaseReadiness],
    };
  }
}
