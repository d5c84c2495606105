import { AppProcess, waitUntil } from '@paystream/testing';
import { insertChargeEvents } from './support/outbox-fixtures';
import { roleChanges, startRelay } from './support/start-relay';
import { useRelayWorld } from './support/relay-world';

// Real processes and brokers: the project-level testTimeout is not applied to every hook.
jest.setTimeout(240_000);

const LEASE_MS = 3_000;
/** Small batches, so the frozen relay most likely holds a batch read and not yet sent. */
const BATCH_SIZE = 20;

describe('a frozen active relay (SIGSTOP) keeps its TCP connection', () => {
  let frozen: AppProcess | undefined;
  // A stopped process ignores SIGTERM until continued.
  const world = useRelayWorld({
    beforeTeardown: () => {
      if (frozen && !frozen.hasExited) process.kill(frozen.pid, 'SIGCONT');
    },
  });

  it('a standby takes over without the old session dying; continued, the old relay lands nothing', async () => {
    const env = {
      databaseUrl: world.db.url,
      brokers: world.brokers.join(','),
      extra: { RELAY_LEASE_MS: String(LEASE_MS), RELAY_BATCH_SIZE: String(BATCH_SIZE) },
    };
    const a = await startRelay(env);
    await waitUntil(() => roleChanges(a).includes('active'), { description: 'relay A active' });
    const b = await startRelay(env);
    await waitUntil(() => roleChanges(b).includes('standby'), { description: 'relay B standby' });

    // A backlog A is in the middle of when it freezes.
    const plates = Array.from({ length: 3_000 }, (_, i) => `FRZ-${i % 7}`);
    const events = await insertChargeEvents(world.prisma, world.topic, plates);
    await waitUntil(() => world.collector.records.length > 0, { description: 'A publishing' });
    frozen = a;
    process.kill(a.pid, 'SIGSTOP');

    // The bound: the lease, not the kernel's keepalive (hours). A is still stopped here.
    await waitUntil(() => roleChanges(b).includes('active'), {
      timeoutMs: 60_000,
      description: 'relay B takes over while A is frozen',
    });
    await world.collector.waitForEvents(events.map((e) => e.eventId));
    await waitUntil(
      async () => (await world.prisma.outboxEvent.count({ where: { publishedAt: null } })) === 0,
      { description: 'B marked everything' },
    );
    // Nothing more is coming from B: the topic is complete and quiet.
    const settled = world.collector.records.length;
    const logLinesBefore = a.logs.length;

    process.kill(a.pid, 'SIGCONT');
    frozen = undefined;
    // Continued, A finds it lost its session and goes back to standby (B holds the lock).
    await waitUntil(
      () => a.logs.slice(logLinesBefore).some((l) => /outbox relay is now standby/.test(l)),
      {
        timeoutMs: 60_000,
        description: 'relay A back to standby',
      },
    );
    // Let anything A might still send arrive (the collector reads the topic from Kafka).
    await new Promise((r) => setTimeout(r, 5_000));
    // The guarantee (docs/asynchronous-story-outbox.md, "Failover and fencing"): continued, A lands
    // nothing. It starts no new send (its lease lapsed), and a send it was inside when it froze was
    // aborted in Kafka when B connected with the same transactional id (read_committed sees none of it).
    expect(world.collector.records.slice(settled)).toEqual([]);
    // Every event's first appearance keeps its plate's order.
    const firstSeen = new Map<string, number>();
    world.collector.records.forEach((r, i) => {
      const id = String(r.value.eventId);
      if (!firstSeen.has(id)) firstSeen.set(id, i);
    });
    for (let p = 0; p < 7; p++) {
      const ofPlate = events.filter((_, i) => i % 7 === p).map((e) => firstSeen.get(e.eventId)!);
      expect(ofPlate).toEqual([...ofPlate].sort((x, y) => x - y));
    }
    // B kept the lock throughout.
    expect(roleChanges(b).at(-1)).toBe('active');
    expect(roleChanges(b).filter((r) => r === 'active')).toHaveLength(1);
    expect(await world.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
  });
});
