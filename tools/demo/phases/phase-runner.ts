import type { DemoOptions } from '../demo-options';
import { sleep } from '../cli/sleep';
import type { Observer } from '../observe';
import { briefOutcomes } from '../report/brief-outcomes';
import type { Progress } from '../report/progress';
import { PhaseStats } from '../stats/phase-stats';
import type { DemoSystem } from '../system';

/**
 * What every phase of the demo works with: the system, the observer, the
 * phase now under way (traffic is counted against it) and the status line.
 */
export class PhaseRunner {
  readonly phases: PhaseStats[] = [];
  private phase: PhaseStats | undefined;

  constructor(
    readonly opts: DemoOptions,
    readonly system: DemoSystem,
    readonly observer: Observer,
    private readonly progress: Progress,
  ) {}

  /** The phase under way; traffic fired before the first phase has none to count against. */
  get current(): PhaseStats {
    if (!this.phase) throw new Error('no phase has begun');
    return this.phase;
  }

  /** Ends the phase under way and starts the next one. */
  begin(name: string, title: string): PhaseStats {
    this.end();
    this.phase = new PhaseStats(name, title);
    this.phases.push(this.phase);
    this.progress.log(`\n▶ ${title}`);
    return this.phase;
  }

  end(): void {
    if (this.phase) this.phase.endedAt = Date.now();
  }

  log(line: string): void {
    this.progress.log(line);
  }

  /** Redraws the status line: the phase's answers so far, the backlog and the worker group. */
  async status(): Promise<void> {
    const current = this.current;
    const b = await this.observer.backlog().catch(() => undefined);
    const g = await this.observer.workerGroup().catch(() => undefined);
    const tillN = current.till.outcomes.total;
    const tollN = current.toll.outcomes.total;
    this.progress.update(
      `  [${current.name} ${Math.round((Date.now() - current.startedAt) / 1000)}s] ` +
        `till ${tillN} ${briefOutcomes(current.till.outcomes.toJSON())} · toll ${tollN} ${briefOutcomes(current.toll.outcomes.toJSON())} · ` +
        (b
          ? `pending ${b.pendingCharges} · outbox ${b.unpublishedOutbox} · settled/final ${b.finalCharges}`
          : '') +
        (g ? ` · group ${g.members.length} members lag ${g.totalLag}` : ''),
    );
  }

  /** Lets the traffic run for `seconds`, the status line updated every second. */
  async runFor(seconds: number): Promise<void> {
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      await this.status();
      await sleep(Math.min(1000, end - Date.now()));
    }
  }

  /** Switches the gateway simulator down or up through its fault controls (no other fault). */
  async setGatewayDown(down: boolean): Promise<void> {
    const res = await fetch(`${this.system.urls.gateway}/admin/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-admin-token': this.system.adminToken },
      body: JSON.stringify({ down, latencyMs: 0, jitterMs: 0, errorRate: 0, hangRate: 0 }),
    });
    if (!res.ok)
      throw new Error(`gateway fault control answered ${res.status}: ${await res.text()}`);
  }
}
