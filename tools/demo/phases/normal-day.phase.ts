import type { DemoTraffic } from './demo-traffic';
import type { PhaseRunner } from './phase-runner';

/** 1. Normal day: traffic starts and runs against a healthy system. */
export async function normalDay(run: PhaseRunner, traffic: DemoTraffic): Promise<void> {
  run.begin('normal', '1. Normal day');
  traffic.start();
  await run.runFor(run.opts.phaseSeconds);
}
