import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
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
        // maxRetriesPerRequest null: BullMQ's requirement; commands wait for a reconnect instead of failing.
        { provide: REDIS_CONNECTION, useFactory: () => new Redis(url, { maxRetriesPerRequest: null }) },
        RedisReadiness,
      ],
      exports: [REDIS_CONNECTION],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
