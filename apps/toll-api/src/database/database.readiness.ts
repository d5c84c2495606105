import { Injectable, OnModuleInit } from '@nestjs/common';
import { pingDatabase, PrismaService } from '@paystream/db';
import { ReadinessRegistry } from '@paystream/observability';

/** toll-api is ready when its database answers: it depends on nothing else (not the gateway, not Kafka). */
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
