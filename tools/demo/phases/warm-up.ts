import { payAtTill } from '../load/till-traffic';
import { exitAtToll, Route } from '../load/toll-traffic';
import { PhaseStats } from '../stats/phase-stats';
import type { DemoSystem } from '../system';

/**
 * Warm-up (not reported): the first requests of a fresh process pay for
 * compiling and connecting; a till would not see that after opening time.
 * `viaQueue` also warms the till's queued (hybrid) path.
 */
export async function warmUp(
  system: DemoSystem,
  runId: string,
  routes: Route[],
  {
    rounds,
    timeoutMs,
    viaQueue = false,
  }: { rounds: number; timeoutMs: number; viaQueue?: boolean },
): Promise<void> {
  const warm = new PhaseStats('warm-up', 'warm-up');
  const stats = () => warm;
  const tag = `${runId}-warmup`;
  for (let i = 0; i < rounds; i++) {
    await Promise.all([
      payAtTill(system.urls.pos, tag, i, stats, timeoutMs),
      ...(viaQueue ? [payAtTill(system.urls.pos, `${tag}-q`, i, stats, timeoutMs, 'queue')] : []),
      exitAtToll(system.urls.toll, tag, i, routes, stats, timeoutMs),
    ]);
  }
}
