import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry } from '@paystream/observability';
import type { Redis } from 'ioredis';
import { REDIS_CONNECTION } from './redis.tokens';

@Injectable()
export class RedisReadiness implements OnModuleInit {
  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register({
      name: 'redis',
      check: async () => {
        await this.redis.ping();
      },
    });
  }
}
