import { waitUntil } from '@paystream/testing';
import type { DemoTraffic } from './demo-traffic';
import type { PhaseRunner } from './phase-runner';

/** Traffic stops; everything in flight must reach a final state (what is left, the audit shows). */
export async function finalDrain(run: PhaseRunner, traffic: DemoTraffic): Promise<void> {
  await traffic.stop();
  run.end();
  run.log('\nTraffic stopped; waiting for every charge to settle…');
  await waitUntil(
    async () => {
      await run.status();
      const b = await run.observer.backlog();
      return b.pendingCharges === 0 && b.unpublishedOutbox === 0 && b.unresolvedTillTimeouts === 0;
    },
    {
      timeoutMs: run.opts.drainTimeoutSeconds * 1000,
      intervalMs: 1000,
      description: 'the backlog to drain',
    },
  ).catch((error: Error) => run.log(`  ${error.message} — the audit will show what is left`));
  if (traffic.skipped > 0) {
    run.current.notes.push(
      `load generator skipped ${traffic.skipped} requests (too many in flight)`,
    );
  }
}
