import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { waitUntil } from '@paystream/testing';
import { insertChargeEvents } from './support/outbox-fixtures';
import { roleChanges, startRelay } from './support/start-relay';
import { useRelayWorld } from './support/relay-world';

// Real processes and brokers: the project-level testTimeout is not applied to every hook.
jest.setTimeout(180_000);

describe('two relays: one active (advisory lock), one standby', () => {
  const world = useRelayWorld();

  it('only one publishes; after the active one is SIGKILLed the standby takes over', async () => {
    const env = { databaseUrl: world.db.url, brokers: world.brokers.join(',') };
    const a = await startRelay(env);
    await waitUntil(() => roleChanges(a).includes('active'), { description: 'relay A active' });
    const b = await startRelay(env);
    await waitUntil(() => roleChanges(b).includes('standby'), { description: 'relay B standby' });

    const before = await insertChargeEvents(world.prisma, world.topic, ['SBY-1', 'SBY-1', 'SBY-2']);
    await world.collector.waitForEvents(before.map((e) => e.eventId));
    expect(roleChanges(b)).not.toContain('active');

    await a.kill('SIGKILL');
    await waitUntil(() => roleChanges(b).includes('active'), {
      timeoutMs: 30_000,
      description: 'relay B takes over',
    });
    const after = await insertChargeEvents(world.prisma, world.topic, ['SBY-1', 'SBY-3']);
    await world.collector.waitForEvents(after.map((e) => e.eventId));
    expect(await world.prisma.outboxEvent.count({ where: { publishedAt: null } })).toBe(0);
  });

  it('SIGTERM finishes the in-flight batch, releases the lock and exits 0', async () => {
    // keepLog: the log file is read after the process exited (removed below).
    const running = await startRelay(
      { databaseUrl: world.db.url, brokers: world.brokers.join(',') },
      'live',
      true,
    );
    await waitUntil(() => roleChanges(running).length > 0);
    const code = await running.kill('SIGTERM');
    expect(code).toBe(0);
    try {
      expect(roleChanges(running)).toContain('stopped');
    } finally {
      rmSync(path.dirname(running.logFile), { recursive: true, force: true });
    }
  });
});
