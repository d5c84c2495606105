import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Open-loop pacing: call `fire(i)` at `rate`/s for `durationS`, without
 * waiting for earlier calls (a slow system must not slow the arrivals down,
 * or latency would hide in fewer arrivals). Resolves when every call settled.
 */
export async function atSteadyRate(
  rate: number,
  durationS: number,
  fire: (i: number) => Promise<void>,
): Promise<{ fired: number; failed: number }> {
  const total = Math.max(1, Math.round(rate * durationS));
  const started = Date.now();
  const pending: Array<Promise<void>> = [];
  let failed = 0;
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    pending.push(fire(i).catch(() => void (failed += 1)));
  }
  await Promise.all(pending);
  return { fired: total, failed };
}
