import { Injectable, OnModuleInit } from '@nestjs/common';
import { pingDatabase, PrismaService } from '@paystream/db';
import { ReadinessRegistry } from '@paystream/observability';

/** The gateway is ready when its own database answers (nothing else). */
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
