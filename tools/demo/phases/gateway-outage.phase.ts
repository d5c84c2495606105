import type { PhaseRunner } from './phase-runner';

/** 2. Gateway outage: the till answers 503, the toll barrier keeps opening and charges wait. */
export async function gatewayOutage(run: PhaseRunner): Promise<void> {
  const outage = run.begin('outage', '2. Gateway outage');
  await run.setGatewayDown(true);
  outage.notes.push('gateway switched down through its fault controls');
  await run.runFor(run.opts.phaseSeconds);
  const during = await run.observer.backlog();
  outage.notes.push(
    `toll charges waiting for the gateway at the end of the outage: ${during.pendingCharges} (barriers kept opening)`,
  );
}
