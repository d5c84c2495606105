import type { MemoryPeak } from './memory-sampler';

/** One printed table: first column names the row. Cells are already formatted. */
export interface ResultTable {
  title: string;
  columns: string[];
  rows: string[][];
  /** One or two sentences: what to compare in this table. */
  note?: string;
}

export interface ChartFile {
  /** File name next to the report (e.g. `2026-01-01T10-00-00-producer-acks.svg`). */
  file: string;
  svg: string;
  title: string;
}

export interface ScenarioResult {
  name: string;
  title: string;
  /** Every setting that shaped the numbers. */
  settings: Record<string, unknown>;
  tables: ResultTable[];
  /** Raw numbers for the JSON report. */
  data: Record<string, unknown>;
  memory: MemoryPeak[];
  /** Sanity checks that passed (failed ones throw). */
  checks: string[];
  /** Things worth a reader's attention (apps over the memory budget, odd ratios). */
  findings: string[];
  charts: ChartFile[];
  durationS: number;
}

export interface ScenarioFailure {
  name: string;
  error: string;
  durationS: number;
}
