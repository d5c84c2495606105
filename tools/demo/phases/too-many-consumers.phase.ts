import { waitUntil } from '@paystream/testing';
import type { PhaseRunner } from './phase-runner';

/**
 * 4. Too many consumers: two more workers than partitions join the group;
 * the extra members sit idle. They are stopped (SIGTERM) at the end.
 */
export async function tooManyConsumers(run: PhaseRunner): Promise<void> {
  const { opts, system, observer } = run;
  const scale = run.begin('scale-out', '4. Too many consumers');
  if (opts.external) {
    scale.notes.push(
      'skipped with --external (scale with docker compose up --scale charge-worker=N)',
    );
    return;
  }
  const target = opts.partitions + 2;
  const extra: typeof system.workers = [];
  while (system.workers.length < target) extra.push(await system.addWorker());
  const view = await waitUntil(
    async () => {
      await run.status();
      const g = await observer.workerGroup();
      return g.state === 'Stable' && g.members.length === target ? g : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 1000, description: `${target} members in the worker group` },
  );
  scale.notes.push(
    `${view.members.length} workers on ${opts.partitions} partitions: ${view.idleMembers.length} idle ` +
      `(${view.members.map((m) => `${m.clientId}→[${m.partitions.join(',')}]`).join(' ')})`,
  );
  await run.runFor(opts.phaseSeconds);
  for (const w of extra) {
    await w.kill('SIGTERM');
    system.workers.splice(system.workers.indexOf(w), 1);
  }
  scale.notes.push(
    `stopped the ${extra.length} extra workers (SIGTERM: drain, commit, leave the group)`,
  );
}
