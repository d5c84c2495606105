import 'reflect-metadata';
import { TOPICS } from '@paystream/contracts';
import { waitUntil } from '@paystream/testing';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AppProcess } from '@paystream/testing';
import { runAudit } from './audit/audit';
import { startConsoleFor } from './console-process';
import { DEMO_HELP, DemoOptions, parseDemoOptions } from './demo-options';
import { payAtTill } from './load/till-traffic';
import { exitAtToll, Route } from './load/toll-traffic';
import { RateLoop } from './load/rate-loop';
import { Observer } from './observe';
import { DemoReport, renderMarkdown, renderTerminal } from './report/demo-report';
import { Progress } from './report/progress';
import { PhaseStats } from './stats/phase-stats';
import { DemoSystem, externalSystem, startDemoSystem } from './system';

const REQUEST_TIMEOUT_MS = 10_000;
const MAX_IN_FLIGHT = 200;

async function main(): Promise<number> {
  let options: DemoOptions | 'help';
  try {
    options = parseDemoOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${DEMO_HELP}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(DEMO_HELP);
    return 0;
  }
  const opts = options;
  const runId = `${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(2).toString('hex')}`;
  const progress = new Progress();
  const startedAt = new Date();

  let stopSystem: (() => Promise<void>) | undefined;
  let interrupted = false;
  const onSignal = (signal: string) => {
    if (interrupted) return;
    interrupted = true;
    progress.log(`\n${signal}: stopping everything…`);
    void (stopSystem?.() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  progress.log(`Paystream demo ${runId}${opts.quick ? ' (quick)' : ''}`);
  const system: DemoSystem = opts.external
    ? externalSystem(opts)
    : await startDemoSystem(
        opts,
        runId,
        (l) => progress.log(l),
        (stop) => (stopSystem = stop),
      );
  const observer = new Observer(system.databaseUrl, system.kafkaBrokers);
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
    const phases = await runScenario(opts, runId, system, observer, routes, progress);
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
    const dir = path.resolve(opts.resultsDir);
    mkdirSync(dir, { recursive: true });
    const base = path.join(dir, `demo-${runId}`);
    writeFileSync(`${base}.json`, JSON.stringify(report, null, 2));
    writeFileSync(`${base}.md`, renderMarkdown(report));
    if (!audit.ok) writeLogs(base, system);
    progress.log(`\n${renderTerminal(report)}\n\nReport: ${base}.md and ${base}.json`);
    if (opts.keepDb) progress.log(`Database kept: ${system.databaseUrl}`);
    return audit.ok ? 0 : 1;
  } catch (error) {
    progress.log(`Demo failed: ${(error as Error).stack ?? String(error)}`);
    const base = path.join(path.resolve(opts.resultsDir), `demo-${runId}`);
    writeLogs(base, system);
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

function writeLogs(base: string, system: DemoSystem): void {
  mkdirSync(`${base}-logs`, { recursive: true });
  system.apps.forEach((app, i) =>
    writeFileSync(path.join(`${base}-logs`, `${i}-${app.options.app}.log`), app.logs.join('\n')),
  );
}

async function runScenario(
  opts: DemoOptions,
  runId: string,
  system: DemoSystem,
  observer: Observer,
  routes: Route[],
  progress: Progress,
): Promise<PhaseStats[]> {
  const phases: PhaseStats[] = [];
  let current!: PhaseStats;
  const begin = (name: string, title: string) => {
    if (current) current.endedAt = Date.now();
    current = new PhaseStats(name, title);
    phases.push(current);
    progress.log(`\n▶ ${title}`);
    return current;
  };
  const stats = () => current;
  const till = new RateLoop({
    ratePerSecond: opts.tillRate,
    maxInFlight: MAX_IN_FLIGHT,
    fire: (n) => payAtTill(system.urls.pos, runId, n, stats, REQUEST_TIMEOUT_MS),
  });
  const toll = new RateLoop({
    ratePerSecond: opts.tollRate,
    maxInFlight: MAX_IN_FLIGHT,
    fire: (n) => exitAtToll(system.urls.toll, runId, n, routes, stats, REQUEST_TIMEOUT_MS),
  });
  const setGatewayDown = async (down: boolean) => {
    const res = await fetch(`${system.urls.gateway}/admin/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-admin-token': system.adminToken },
      body: JSON.stringify({ down, latencyMs: 0, jitterMs: 0, errorRate: 0, hangRate: 0 }),
    });
    if (!res.ok)
      throw new Error(`gateway fault control answered ${res.status}: ${await res.text()}`);
  };
  const status = async () => {
    const b = await observer.backlog().catch(() => undefined);
    const g = await observer.workerGroup().catch(() => undefined);
    const tillN = current.till.outcomes.total;
    const tollN = current.toll.outcomes.total;
    progress.update(
      `  [${current.name} ${Math.round((Date.now() - current.startedAt) / 1000)}s] ` +
        `till ${tillN} ${brief(current.till.outcomes.toJSON())} · toll ${tollN} ${brief(current.toll.outcomes.toJSON())} · ` +
        (b
          ? `pending ${b.pendingCharges} · outbox ${b.unpublishedOutbox} · settled/final ${b.finalCharges}`
          : '') +
        (g ? ` · group ${g.members.length} members lag ${g.totalLag}` : ''),
    );
  };
  const runFor = async (seconds: number) => {
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      await status();
      await sleep(Math.min(1000, end - Date.now()));
    }
  };

  // Warm-up (not reported): the first requests of a fresh process pay for
  // compiling and connecting; a till would not see that after opening time.
  const warmup = new PhaseStats('warm-up', 'warm-up');
  for (let i = 0; i < 5; i++) {
    await Promise.all([
      payAtTill(system.urls.pos, `${runId}-warmup`, i, () => warmup, REQUEST_TIMEOUT_MS),
      exitAtToll(system.urls.toll, `${runId}-warmup`, i, routes, () => warmup, REQUEST_TIMEOUT_MS),
    ]);
  }

  // 1. Normal day.
  begin('normal', '1. Normal day');
  till.start();
  toll.start();
  await runFor(opts.phaseSeconds);

  // 2. Gateway outage.
  const outage = begin('outage', '2. Gateway outage');
  await setGatewayDown(true);
  outage.notes.push('gateway switched down through its fault controls');
  await runFor(opts.phaseSeconds);
  const during = await observer.backlog();
  outage.notes.push(
    `toll charges waiting for the gateway at the end of the outage: ${during.pendingCharges} (barriers kept opening)`,
  );

  // 3. Recovery: the backlog from the outage drains while traffic goes on.
  const recovery = begin('recovery', '3. Recovery');
  const backAt = new Date();
  await setGatewayDown(false);
  recovery.notes.push('gateway back up');
  const drainDeadline = Date.now() + opts.drainTimeoutSeconds * 1000;
  let drained = false;
  const phaseEnd = Date.now() + opts.phaseSeconds * 1000;
  while (Date.now() < drainDeadline) {
    await status();
    if (!drained && (await observer.pendingCreatedBefore(backAt)) === 0) {
      drained = true;
      recovery.drainSeconds = Math.round((Date.now() - backAt.getTime()) / 100) / 10;
      recovery.notes.push(`outage backlog drained in ${recovery.drainSeconds} s`);
    }
    if (drained && Date.now() >= phaseEnd) break;
    await sleep(500);
  }
  if (!drained)
    recovery.notes.push(`outage backlog NOT drained within ${opts.drainTimeoutSeconds} s`);

  // 4. Too many consumers.
  const scale = begin('scale-out', '4. Too many consumers');
  if (opts.external) {
    scale.notes.push(
      'skipped with --external (scale with docker compose up --scale charge-worker=N)',
    );
  } else {
    const target = opts.partitions + 2;
    const extra: typeof system.workers = [];
    while (system.workers.length < target) extra.push(await system.addWorker());
    const view = await waitUntil(
      async () => {
        await status();
        const g = await observer.workerGroup();
        return g.state === 'Stable' && g.members.length === target ? g : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 1000, description: `${target} members in the worker group` },
    );
    scale.notes.push(
      `${view.members.length} workers on ${opts.partitions} partitions: ${view.idleMembers.length} idle ` +
        `(${view.members.map((m) => `${m.clientId}→[${m.partitions.join(',')}]`).join(' ')})`,
    );
    await runFor(opts.phaseSeconds);
    for (const w of extra) {
      await w.kill('SIGTERM');
      system.workers.splice(system.workers.indexOf(w), 1);
    }
    scale.notes.push(
      `stopped the ${extra.length} extra workers (SIGTERM: drain, commit, leave the group)`,
    );
  }

  // 5. A broker dies.
  const brokerPhase = begin('broker-dies', '5. A broker dies');
  if (system.kafka && system.kafka.nodes.length >= 3) {
    const leader = await observer.leaderOf(TOPICS.tollCharges, 0);
    const victim = leader ?? system.kafka.nodes[0].id;
    await system.kafka.stopBroker(victim, { signal: 'SIGKILL' });
    brokerPhase.notes.push(
      `broker ${victim} (leader of ${TOPICS.tollCharges}/0) killed with SIGKILL`,
    );
    await runFor(opts.phaseSeconds);
  } else {
    brokerPhase.notes.push('skipped: needs 3 brokers (run without --brokers 1)');
  }

  // Traffic stops; everything in flight must reach a final state.
  await Promise.all([till.stop(), toll.stop()]);
  current.endedAt = Date.now();
  progress.log('\nTraffic stopped; waiting for every charge to settle…');
  await waitUntil(
    async () => {
      await status();
      const b = await observer.backlog();
      return b.pendingCharges === 0 && b.unpublishedOutbox === 0 && b.unresolvedTillTimeouts === 0;
    },
    {
      timeoutMs: opts.drainTimeoutSeconds * 1000,
      intervalMs: 1000,
      description: 'the backlog to drain',
    },
  ).catch((error: Error) => progress.log(`  ${error.message} — the audit will show what is left`));
  if (till.skipped + toll.skipped > 0) {
    current.notes.push(
      `load generator skipped ${till.skipped + toll.skipped} requests (too many in flight)`,
    );
  }
  return phases;
}

function brief(outcomes: Record<string, number>): string {
  return `(${Object.entries(outcomes)
    .map(([k, v]) => `${k.split(' ')[0]}:${v}`)
    .join(' ')})`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
