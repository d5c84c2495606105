import { sleep } from '../cli/sleep';
import type { PhaseRunner } from './phase-runner';

/** 3. Recovery: the gateway is back and the outage's backlog drains while traffic goes on. */
export async function recovery(run: PhaseRunner): Promise<void> {
  const { opts, observer } = run;
  const phase = run.begin('recovery', '3. Recovery');
  const backAt = new Date();
  await run.setGatewayDown(false);
  phase.notes.push('gateway back up');
  const drainDeadline = Date.now() + opts.drainTimeoutSeconds * 1000;
  let drained = false;
  const phaseEnd = Date.now() + opts.phaseSeconds * 1000;
  while (Date.now() < drainDeadline) {
    await run.status();
    if (!drained && (await observer.pendingCreatedBefore(backAt)) === 0) {
      drained = true;
      phase.drainSeconds = Math.round((Date.now() - backAt.getTime()) / 100) / 10;
      phase.notes.push(`outage backlog drained in ${phase.drainSeconds} s`);
    }
    if (drained && Date.now() >= phaseEnd) break;
    await sleep(500);
  }
  if (!drained) phase.notes.push(`outage backlog NOT drained within ${opts.drainTimeoutSeconds} s`);
}
