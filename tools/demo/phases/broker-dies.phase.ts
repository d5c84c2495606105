import { TOPICS } from '@paystream/contracts';
import type { PhaseRunner } from './phase-runner';

/** 5. A broker dies: the leader of the charges topic's partition 0 is SIGKILLed mid-traffic (3 brokers only). */
export async function brokerDies(run: PhaseRunner): Promise<void> {
  const { system } = run;
  const phase = run.begin('broker-dies', '5. A broker dies');
  if (!system.kafka || system.kafka.nodes.length < 3) {
    phase.notes.push('skipped: needs 3 brokers (run without --brokers 1)');
    return;
  }
  const leader = await run.observer.leaderOf(TOPICS.tollCharges, 0);
  const victim = leader ?? system.kafka.nodes[0].id;
  await system.kafka.stopBroker(victim, { signal: 'SIGKILL' });
  phase.notes.push(`broker ${victim} (leader of ${TOPICS.tollCharges}/0) killed with SIGKILL`);
  await run.runFor(run.opts.phaseSeconds);
}
