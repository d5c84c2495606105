import { BenchInfra } from './bench-infra';
import type { BenchOptions } from './bench-options';
import { FULL_SIZES, SMOKE_SIZES, type BenchSizes } from './bench-sizes';
import { machineInfo } from './machine-info';
import { MemorySampler } from './memory-sampler';
import type { ScenarioFailure, ScenarioResult } from './report-types';
import { consoleReport, writeReport, type BenchReport } from './report-writer';
import type { Scenario } from './scenario';
import os from 'node:os';
import { kafkaVersion } from '@paystream/dev-infra';

export interface BenchRun {
  report: BenchReport;
  files: string[];
  text: string;
}

/** Runs the chosen scenarios one after another (never in parallel: they would measure each other). */
export async function runBench(
  options: BenchOptions,
  scenarios: readonly Scenario[],
  log: (line: string) => void = (l) => process.stderr.write(`[bench] ${l}\n`),
  sizes: BenchSizes = options.smoke ? SMOKE_SIZES : FULL_SIZES,
): Promise<BenchRun> {
  const unknown = options.only.filter((n) => !scenarios.some((s) => s.name === n));
  if (unknown.length > 0) {
    throw new Error(
      `unknown scenario(s) ${unknown.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}`,
    );
  }
  const chosen =
    options.only.length > 0
      ? scenarios.filter((s) => options.only.includes(s.name))
      : [...scenarios];
  const startedAt = new Date();
  const stamp = startedAt
    .toISOString()
    .replace(/[:.]/g, '-')
    .replace(/-\d{3}Z$/, 'Z');
  const infra = new BenchInfra(log, options.appsFrom);
  const results: ScenarioResult[] = [];
  const failures: ScenarioFailure[] = [];
  const earlier = new Map<string, ScenarioResult>();
  let report: BenchReport | undefined;
  try {
    const postgresUrl = await infra.postgresUrl();
    // Compiled before any scenario, so no scenario's clock includes the build.
    await infra.appBuildDir();
    const machine = await machineInfo(
      postgresUrl,
      kafkaVersion(),
      await redisVersion(await infra.redisUrl()),
    );
    for (const scenario of chosen) {
      const begun = Date.now();
      const memory = new MemorySampler(sizes.memorySampleMs);
      memory.start();
      log(`--- ${scenario.name} (load ${os.loadavg()[0].toFixed(1)})`);
      try {
        const output = await scenario.run({
          sizes,
          infra,
          memory,
          log: (l) => log(`${scenario.name}: ${l}`),
          stamp,
          earlier,
        });
        const result: ScenarioResult = {
          ...output,
          name: scenario.name,
          memory: await memory.stop(),
          durationS: (Date.now() - begun) / 1000,
        };
        results.push(result);
        earlier.set(scenario.name, result);
      } catch (error) {
        await memory.stop();
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        log(`${scenario.name} FAILED: ${message}`);
        failures.push({
          name: scenario.name,
          error: error instanceof Error ? error.message : String(error),
          durationS: (Date.now() - begun) / 1000,
        });
      }
    }
    machine.loadAverageEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
    report = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      profile: sizes.profile,
      command: [
        'bench',
        ...(options.smoke ? ['--smoke'] : []),
        ...(options.only.length > 0 ? [`--only ${options.only.join(',')}`] : []),
        ...(options.appsFrom !== 'compiled' ? [`--apps-from ${options.appsFrom}`] : []),
      ].join(' '),
      appsFrom: options.appsFrom,
      machine,
      sizes,
      results,
      failures,
    };
  } finally {
    await infra.stopAll();
  }
  const files = writeReport(report, options.outDir, stamp);
  return { report, files, text: consoleReport(report) };
}

async function redisVersion(url: string): Promise<string> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    return /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
  } finally {
    await redis.quit();
  }
}
