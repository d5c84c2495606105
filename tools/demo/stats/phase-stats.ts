import { LatencyRecorder, LatencySummary } from './latency-recorder';
import { OutcomeCounter } from './outcome-counter';

/** What one phase of the demo observed from the outside (as a till or a lane sees it). */
export class PhaseStats {
  readonly till = { outcomes: new OutcomeCounter(), latency: new LatencyRecorder() };
  readonly toll = { outcomes: new OutcomeCounter(), latency: new LatencyRecorder() };
  /** Latency of till answers that were 503 (breaker open or gateway down). */
  readonly tillUnavailableLatency = new LatencyRecorder();
  readonly notes: string[] = [];
  startedAt = Date.now();
  endedAt: number | undefined;
  /** Seconds from the end of the outage to every toll charge being final. */
  drainSeconds: number | undefined;

  constructor(
    readonly name: string,
    readonly title: string,
  ) {}

  toJSON(): PhaseReport {
    return {
      name: this.name,
      title: this.title,
      seconds: Math.round(((this.endedAt ?? Date.now()) - this.startedAt) / 100) / 10,
      till: { outcomes: this.till.outcomes.toJSON(), latencyMs: this.till.latency.summary() },
      tillUnavailableLatencyMs: this.tillUnavailableLatency.summary(),
      toll: { outcomes: this.toll.outcomes.toJSON(), latencyMs: this.toll.latency.summary() },
      drainSeconds: this.drainSeconds ?? null,
      notes: this.notes,
    };
  }
}

export interface PhaseReport {
  name: string;
  title: string;
  seconds: number;
  till: { outcomes: Record<string, number>; latencyMs: LatencySummary };
  tillUnavailableLatencyMs: LatencySummary;
  toll: { outcomes: Record<string, number>; latencyMs: LatencySummary };
  drainSeconds: number | null;
  notes: string[];
}
