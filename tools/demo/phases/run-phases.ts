import type { DemoOptions } from '../demo-options';
import type { Route } from '../load/toll-traffic';
import type { Observer } from '../observe';
import type { Progress } from '../report/progress';
import type { PhaseStats } from '../stats/phase-stats';
import type { DemoSystem } from '../system';
import { brokerDies } from './broker-dies.phase';
import { DEMO_REQUEST_TIMEOUT_MS, DemoTraffic } from './demo-traffic';
import { finalDrain } from './final-drain';
import { gatewayOutage } from './gateway-outage.phase';
import { normalDay } from './normal-day.phase';
import { PhaseRunner } from './phase-runner';
import { recovery } from './recovery.phase';
import { tooManyConsumers } from './too-many-consumers.phase';
import { warmUp } from './warm-up';

/** The demo's five phases under steady traffic, then the drain; returns what each phase saw. */
export async function runPhases(
  opts: DemoOptions,
  runId: string,
  system: DemoSystem,
  observer: Observer,
  routes: Route[],
  progress: Progress,
): Promise<PhaseStats[]> {
  const run = new PhaseRunner(opts, system, observer, progress);
  const traffic = new DemoTraffic(opts, system, runId, routes, () => run.current);
  await warmUp(system, runId, routes, { rounds: 5, timeoutMs: DEMO_REQUEST_TIMEOUT_MS });
  await normalDay(run, traffic);
  await gatewayOutage(run);
  await recovery(run);
  await tooManyConsumers(run);
  await brokerDies(run);
  await finalDrain(run, traffic);
  return run.phases;
}
