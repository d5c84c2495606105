import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { bullmqConnection } from '@paystream/redis';
import type { Redis } from 'ioredis';
import { RedisReadiness } from './redis.readiness';
import { REDIS_CONNECTION } from './redis.tokens';

@Module({})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CONNECTION) private readonly redis: Redis) {}

  static forRoot(url: string): DynamicModule {
    return {
      module: RedisModule,
      global: true,
      providers: [
        // BullMQ's requirements (maxRetriesPerRequest null): commands wait for a reconnect instead of failing.
        { provide: REDIS_CONNECTION, useFactory: () => bullmqConnection(url) },
        RedisReadiness,
      ],
      exports: [REDIS_CONNECTION],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
