import { Injectable, OnModuleInit } from '@nestjs/common';
import { pingDatabase } from './ping-database';
import { PrismaService } from './prisma.service';
import { ReadinessRegistry } from '@paystream/observability';

/** Makes "the database answers" part of the app's /health/ready. */
@Injectable()
export class DatabaseReadiness implements OnModuleInit {
  constructor(
    private readonly prisma: PrismaService,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register({
      name: 'database',
      check: async () => {
        const ping = await pingDatabase(this.prisma);
        if (!ping.ok) throw new Error(ping.error);
      },
    });
  }
}
