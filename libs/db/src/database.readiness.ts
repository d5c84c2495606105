import { Injectable, OnModuleInit } from '@nestjs/common';
import { pingDatabase } from './ping-database';
import { DatabasePool } from './database-pool';
import { ReadinessRegistry } from '@paystream/observability';

/** Makes "the database answers" part of the app's /health/ready. */
@Injectable()
export class DatabaseReadiness implements OnModuleInit {
  constructor(
    private readonly database: DatabasePool,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register({
      name: 'database',
      check: async () => {
        const ping = await pingDatabase(this.database.pool);
        if (!ping.ok) throw new Error(ping.error);
      },
    });
  }
}
