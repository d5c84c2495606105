/**
 * Redis may evict keys under memory pressure; BullMQ (jobs, locks, the
 * till's replies in queue mode) silently loses work when it does.
 * (libs/infra has the same check in progress; this app-local copy keeps
 * pos-api independent of it until it is published.)
 */
export class EvictionPolicyError extends Error {
  constructor(readonly policy: string) {
    super(
      `Redis maxmemory-policy is "${policy}"; BullMQ needs "noeviction" or jobs can vanish. ` +
        'Fix: `redis-cli CONFIG SET maxmemory-policy noeviction` or set it in redis.conf.',
    );
    this.name = 'EvictionPolicyError';
  }
}
