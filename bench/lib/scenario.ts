import type { BenchInfra } from './bench-infra';
import type { BenchSizes } from './bench-sizes';
import type { MemorySampler } from './memory-sampler';
import type { ScenarioResult } from './report-types';

export interface ScenarioContext {
  sizes: BenchSizes;
  infra: BenchInfra;
  /** Fresh per scenario; the runner stops it and puts the peaks in the result. */
  memory: MemorySampler;
  log: (line: string) => void;
  /** Prefix for chart files written next to the report (`<stamp>-<scenario>.svg`). */
  stamp: string;
  /** Results of scenarios already run in this invocation (anchors shared between scenarios). */
  earlier: ReadonlyMap<string, ScenarioResult>;
}

/** What a scenario returns; the runner adds memory, duration and name. */
export type ScenarioOutput = Omit<ScenarioResult, 'memory' | 'durationS' | 'name'>;

export interface Scenario {
  name: string;
  run(ctx: ScenarioContext): Promise<ScenarioOutput>;
}
