// A copy of @paystream/redis's error on purpose: Jest loads its global setup (which uses this
// package) with plain require, where `@paystream/*` aliases do not resolve.

/**
 * Redis may evict keys under memory pressure; BullMQ (jobs, locks, replies of
 * the till's queue mode) silently loses work when it does. We refuse to run.
 */
export class EvictionPolicyError extends Error {
  constructor(
    readonly redisUrl: string,
    readonly policy: string,
  ) {
    super(
      `Redis at ${redactUrl(redisUrl)} has maxmemory-policy "${policy}"; queues need "noeviction" or jobs can vanish. ` +
        'Fix: `redis-cli CONFIG SET maxmemory-policy noeviction` (and `CONFIG REWRITE` to persist), ' +
        'or set `maxmemory-policy noeviction` in redis.conf.',
    );
    this.name = 'EvictionPolicyError';
  }
}

/** Never print passwords from connection strings. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
