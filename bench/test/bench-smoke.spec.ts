import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_BUILD_DIR } from '@paystream/testing';
import { SMOKE_SIZES } from '../lib/bench-sizes';
import { runBench, type BenchRun } from '../lib/run-bench';
import { SCENARIOS } from '../scenarios';
import { LATENCY_STEPS_MS, TILL_DEADLINE_MS, type SyncAsyncStep } from '../scenarios/sync-vs-async';

/**
 * Keeps the benchmark from rotting: tiny sizes of the scenarios that cover
 * every moving part of the runner (Kafka + Kafka's own tool, an app as a
 * process, Postgres, a baseline in the same run, charts, report files) and
 * the sync-vs-async sweep the README's chart comes from (both stories, every
 * app, the gateway's faults). Their numbers mean nothing; their sanity checks
 * must pass. The apps run compiled, as in a real run, so the build cannot rot
 * either. `npm run bench:smoke` runs all eight at the same sizes.
 */
const SMOKE_SCENARIOS = ['producer-acks', 'sink', 'sync-vs-async'];

describe('npm run bench (smoke)', () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
  let run: BenchRun;
  const buildsBefore = benchBuilds();

  beforeAll(async () => {
    run = await runBench(
      { smoke: true, only: SMOKE_SCENARIOS, outDir, appsFrom: 'compiled' },
      SCENARIOS,
      () => undefined,
      SMOKE_SIZES,
    );
    // Kafka's own tool is a JVM per run: allow a slow, busy machine.
  }, 600_000);

  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it('passes every sanity check of the chosen scenarios', () => {
    expect(run.report.failures).toEqual([]);
    expect(run.report.results.map((r) => r.name)).toEqual(SMOKE_SCENARIOS);
    for (const result of run.report.results) expect(result.checks.length).toBeGreaterThan(0);
  });

  it('ran the apps from a private build and removed it afterwards', () => {
    expect(run.report.appsFrom).toBe('compiled');
    expect(run.report.command).toBe(`bench --smoke --only ${SMOKE_SCENARIOS.join(',')}`);
    expect(benchBuilds()).toEqual(buildsBefore);
  });

  it('writes the markdown and JSON reports and the acks chart', () => {
    const files = fs.readdirSync(outDir);
    expect(files.filter((f) => f.endsWith('.md'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('-producer-acks.svg'))).toHaveLength(1);
    const json = JSON.parse(
      fs.readFileSync(path.join(outDir, files.find((f) => f.endsWith('.json')) ?? ''), 'utf8'),
    ) as {
      machine: { cpus: number; loadAverageStart: number[] };
      results: Array<{ name: string; memory: unknown[] }>;
    };
    expect(json.machine.cpus).toBeGreaterThan(0);
    expect(json.machine.loadAverageStart).toHaveLength(3);
    expect(json.results.every((r) => r.memory.length > 0)).toBe(true);
    expect(
      fs.readFileSync(path.join(outDir, files.find((f) => f.endsWith('.md')) ?? ''), 'utf8'),
    ).toContain('## 2. Producer and acks');
  });

  it('sweeps the gateway for both stories and draws the till deadline on the chart', () => {
    const result = run.report.results.find((r) => r.name === 'sync-vs-async');
    const steps = result?.data.steps as SyncAsyncStep[];
    expect(steps.map((s) => s.label)).toEqual([
      ...LATENCY_STEPS_MS.map((latency) => `${latency} ms`),
      'down',
    ]);
    const chart = fs.readdirSync(outDir).find((f) => f.endsWith('-sync-vs-async.svg'));
    expect(chart).toBeDefined();
    expect(fs.readFileSync(path.join(outDir, chart ?? ''), 'utf8')).toContain(
      `till deadline ${TILL_DEADLINE_MS} ms`,
    );
  });
});

/** The bench's private builds under dist/ (each run removes its own). */
function benchBuilds(): string[] {
  return fs.existsSync(DEFAULT_BUILD_DIR)
    ? fs.readdirSync(DEFAULT_BUILD_DIR).filter((name) => name.startsWith('bench-build'))
    : [];
}
