import { redactUrl } from './redact-url';

/**
 * Redis may evict keys under memory pressure; BullMQ (scheduled retries,
 * locks, the till's queue-mode replies) silently loses work when it does.
 * A process that queues work on such a Redis refuses to start.
 */
export class EvictionPolicyError extends Error {
  constructor(
    readonly policy: string,
    /** Where the policy was read (redacted in the message), when known. */
    readonly redisUrl?: string,
  ) {
    const where = redisUrl ? `Redis at ${redactUrl(redisUrl)} has` : 'Redis has';
    super(
      `${where} maxmemory-policy "${policy}"; queues need "noeviction" or jobs can vanish. ` +
        'Fix: `redis-cli CONFIG SET maxmemory-policy noeviction` (and `CONFIG REWRITE` to persist), ' +
        'or set `maxmemory-policy noeviction` in redis.conf.',
    );
    this.name = 'EvictionPolicyError';
  }
}
