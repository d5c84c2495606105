import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { waitUntil } from '@paystream/testing';
import { insertChargeEvents } from './support/outbox-fixtures';
import { roleChanges, startRelay } from './support/start-relay';
import { useRelayWorld } from './support/relay-world';

// Real processes and brokers: the project-level testTimeout is not applied to every hook.
jest.setTimeout(240_000);

describe('SIGTERM on the ACTIVE relay in the middle of a backlog', () => {
  const world = useRelayWorld();

  it('finishes the in-flight batch (everything sent is marked), releases the lock, exits 0', async () => {
    const relay = await startRelay(
      {
        databaseUrl: world.db.url,
        brokers: world.brokers.join(','),
        extra: { RELAY_BATCH_SIZE: '25' },
      },
      'live',
      true,
    );
    await waitUntil(() => roleChanges(relay).includes('active'), { description: 'relay active' });
    const events = await insertChargeEvents(
      world.prisma,
      world.topic,
      Array.from({ length: 4_000 }, (_, i) => `TRM-${i % 5}`),
    );
    await waitUntil(() => world.collector.records.length > 0, { description: 'relay publishing' });

    const code = await relay.kill('SIGTERM');
    try {
      expect(code).toBe(0);
      expect(roleChanges(relay)).toContain('stopped');
    } finally {
      rmSync(path.dirname(relay.logFile), { recursive: true, force: true });
    }

    // Work was still outstanding at the signal, so a batch was in flight, not an idle relay stopped.
    const unpublished = await world.prisma.outboxEvent.count({ where: { publishedAt: null } });
    expect(unpublished).toBeGreaterThan(0);
    expect(unpublished).toBeLessThan(events.length);

    // The lock went with the session: nobody holds an advisory lock on this database.
    const locks = await world.prisma.$queryRawUnsafe<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM pg_locks
        WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(locks[0].n).toBe(0);

    // Drained: every row it sent was also marked (nothing sent-but-unmarked to be sent again),
    // and every marked row is on the topic.
    const marked = await world.prisma.outboxEvent.findMany({
      where: { publishedAt: { not: null } },
      select: { eventId: true },
    });
    await world.collector.waitForEvents(marked.map((m) => m.eventId));
    const markedIds = new Set(marked.map((m) => m.eventId));
    const sentButUnmarked = [...new Set(world.collector.eventIds())].filter(
      (id) => !markedIds.has(id),
    );
    expect(sentButUnmarked).toEqual([]);
  });
});
