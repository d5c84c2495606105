import { randomName, waitUntil } from '@paystream/testing';
import { insertChargeEvents } from './support/outbox-fixtures';
import { roleChanges, startRelay } from './support/start-relay';
import { useRelayWorld } from './support/relay-world';

// Real processes and brokers: the project-level testTimeout is not applied to every hook.
jest.setTimeout(240_000);

describe('an outbox row that can never be published (its topic does not exist)', () => {
  const world = useRelayWorld();

  it("holds only its own plate's later rows, shows the error, and is released once fixed", async () => {
    const [poison] = await insertChargeEvents(world.prisma, randomName('no.such.topic'), ['PSN-A']);
    const later = await insertChargeEvents(world.prisma, world.topic, [
      'PSN-A',
      'PSN-B',
      'PSN-A',
      'PSN-B',
    ]);
    const laterA = later.filter((e) => e.plate === 'PSN-A').map((e) => e.eventId);
    const laterB = later.filter((e) => e.plate === 'PSN-B').map((e) => e.eventId);

    const relay = await startRelay({
      databaseUrl: world.db.url,
      brokers: world.brokers.join(','),
      extra: { RELAY_HOLD_AFTER_ATTEMPTS: '2' },
    });
    await waitUntil(() => roleChanges(relay).includes('active'), { description: 'relay active' });

    // Plate B does not wait for plate A's poison row.
    await world.collector.waitForEvents(laterB);
    const row = await world.prisma.outboxEvent.findUniqueOrThrow({
      where: { eventId: poison.eventId },
    });
    await waitUntil(
      async () =>
        (await world.prisma.outboxEvent.findUniqueOrThrow({ where: { eventId: poison.eventId } }))
          .heldAt !== null,
      { description: 'the poison row held' },
    );
    const held = await world.prisma.outboxEvent.findUniqueOrThrow({ where: { id: row.id } });
    expect(held.publishedAt).toBeNull();
    expect(held.lastError).toMatch(/does not host this topic-partition/);
    expect(held.publishAttempts).toBeGreaterThanOrEqual(2);
    // Plate A's later rows wait behind it, unpublished and absent from the topic.
    const aRows = await world.prisma.outboxEvent.findMany({ where: { eventId: { in: laterA } } });
    expect(aRows.every((r) => r.publishedAt === null)).toBe(true);
    expect(world.collector.eventIds().filter((id) => laterA.includes(id))).toEqual([]);
    // Visible: the held gauge and the log line.
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toMatch(/^outbox_held_rows({[^}]*})? 1$/m);
    expect(metrics).toMatch(/^outbox_relay_rows_held_total({[^}]*})? 1$/m);
    expect(relay.logs.some((l) => /cannot be published and is held/.test(l))).toBe(true);

    // Recovery (documented): fix the row and release it; it goes first, then plate A's rows, in order.
    await world.prisma.outboxEvent.update({
      where: { id: row.id },
      data: { topic: world.topic, heldAt: null, publishAttempts: 0, lastError: null },
    });
    await world.collector.waitForEvents([poison.eventId, ...laterA]);
    const aOrder = world.collector.records
      .filter((r) => r.key === 'PSN-A')
      .map((r) => String(r.value.eventId));
    expect([...new Set(aOrder)]).toEqual([poison.eventId, ...laterA]);
    expect(await world.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
  });
});
