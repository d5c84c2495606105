import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AppProcess } from '@paystream/testing';
import { runAudit } from './audit/audit';
import { readOptions } from './cli/read-options';
import { newRunId } from './cli/run-id';
import { runMain } from './cli/run-main';
import { stopOnSignal } from './cli/stop-on-signal';
import { startConsoleFor } from './console-process';
import { DEMO_HELP, parseDemoOptions } from './demo-options';
import { Observer } from './observe';
import { runPhases } from './phases/run-phases';
import { writeAppLogs } from './report/app-logs';
import { DemoReport, renderMarkdown, renderTerminal } from './report/demo-report';
import { Progress } from './report/progress';
import { DemoSystem, externalSystem, startDemoSystem } from './system';

async function main(): Promise<number> {
  const read = readOptions(() => parseDemoOptions(process.argv.slice(2)), DEMO_HELP);
  if ('exitCode' in read) return read.exitCode;
  const opts = read.options;
  const runId = newRunId();
  const progress = new Progress();
  const startedAt = new Date();
  const onStop = stopOnSignal((l) => progress.log(l), 'everything');

  progress.log(`Paystream demo ${runId}${opts.quick ? ' (quick)' : ''}`);
  const system: DemoSystem = opts.external
    ? externalSystem(opts)
    : await startDemoSystem(opts, runId, (l) => progress.log(l), onStop);
  const observer = new Observer(system.databaseUrl, system.kafkaBrokers);
  const base = path.join(path.resolve(opts.resultsDir), `demo-${runId}`);
  let consoleApp: AppProcess | undefined;
  try {
    if (opts.console && !opts.external) {
      consoleApp = await startConsoleFor(system);
      progress.log(`The console (the live picture of every phase): ${consoleApp.url}`);
    }
    await observer.connect();
    const routes = await observer.routes();
    if (routes.length === 0)
      throw new Error('no toll tariffs in the database (migrations not applied?)');
    const phases = await runPhases(opts, runId, system, observer, routes, progress);
    progress.log('Auditing the databases…');
    const audit = await runAudit(system.databaseUrl);
    const report: DemoReport = {
      runId,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      settings: {
        brokers: opts.external ? 'external' : opts.brokers,
        partitions: opts.partitions,
        workersAtStart: opts.workers,
        phaseSeconds: opts.phaseSeconds,
        tillRatePerSecond: opts.tillRate,
        tollRatePerSecond: opts.tollRate,
        node: process.version,
      },
      phases: phases.map((p) => p.toJSON()),
      audit,
    };
    mkdirSync(path.dirname(base), { recursive: true });
    writeFileSync(`${base}.json`, JSON.stringify(report, null, 2));
    writeFileSync(`${base}.md`, renderMarkdown(report));
    if (!audit.ok) writeAppLogs(base, system.apps);
    progress.log(`\n${renderTerminal(report)}\n\nReport: ${base}.md and ${base}.json`);
    if (opts.keepDb) progress.log(`Database kept: ${system.databaseUrl}`);
    return audit.ok ? 0 : 1;
  } catch (error) {
    progress.log(`Demo failed: ${(error as Error).stack ?? String(error)}`);
    writeAppLogs(base, system.apps);
    progress.log(`App logs: ${base}-logs/`);
    for (const app of system.apps.filter((a) => a.hasExited)) {
      progress.log(
        `--- ${app.options.app} exited; log tail ---\n${app.logs.slice(-20).join('\n')}`,
      );
    }
    return 1;
  } finally {
    await observer.close();
    await consoleApp?.kill('SIGTERM', 10_000);
    progress.log('Stopping apps and infrastructure…');
    await system.stop();
  }
}

runMain(main);
