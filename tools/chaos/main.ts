import 'reflect-metadata';
import { TOPICS } from '@paystream/contracts';
import { createKafka } from '@paystream/kafka';
import { waitUntil } from '@paystream/testing';
import { logLevel } from 'kafkajs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { AuditResult, runAudit } from '../demo/audit/audit';
import { readOptions } from '../demo/cli/read-options';
import { newRunId } from '../demo/cli/run-id';
import { runMain } from '../demo/cli/run-main';
import { sleep } from '../demo/cli/sleep';
import { stopOnSignal } from '../demo/cli/stop-on-signal';
import { payAtTill } from '../demo/load/till-traffic';
import { exitAtToll, Route } from '../demo/load/toll-traffic';
import { RateLoop } from '../demo/load/rate-loop';
import { Observer } from '../demo/observe';
import { warmUp } from '../demo/phases/warm-up';
import { writeAppLogs } from '../demo/report/app-logs';
import { briefOutcomes } from '../demo/report/brief-outcomes';
import { Progress } from '../demo/report/progress';
import { PhaseStats } from '../demo/stats/phase-stats';
import { DemoSystem, startDemoSystem } from '../demo/system';
import { KafkaContents, readTollTopics } from './audit/kafka-topics-reader';
import {
  OutsideFindings,
  ScenarioRow,
  scenarioVerdict,
  skippedRow,
} from './audit/scenario-verdict';
import { CHAOS_HELP, ChaosOptions, parseChaosOptions } from './chaos-options';
import { ChaosReport, renderFindings, renderMarkdown, renderTable } from './report/chaos-report';
import { ChaosScenario, ScenarioContext } from './scenarios/chaos-scenario';
import { FaultNotSupportedError } from './scenarios/fault-not-supported.error';
import { CHAOS_RELAY_LEASE_MS, SCENARIO_NAMES, SCENARIOS } from './scenarios/scenario-catalog';

const REQUEST_TIMEOUT_MS = 15_000;
const MAX_IN_FLIGHT = 300;
const NO_FAULTS = { down: false, latencyMs: 0, jitterMs: 0, errorRate: 0, hangRate: 0 };

/** What a scenario left for the Kafka audit, which reads the topics once at the end. */
interface PendingScenario {
  scenario: ChaosScenario;
  chargesIn: number;
  audit: AuditResult;
  recoverSeconds: number | null;
  error?: string;
  acceptedButMissing: number;
  approvedButMissing: number;
  tollRefused: number;
  outboxEventIds: string[];
  finalChargeIds: string[];
  poison: Map<string, string[]>;
  notes: string[];
  crashes: string[];
}

async function main(): Promise<number> {
  const read = readOptions(
    () => parseChaosOptions(process.argv.slice(2), SCENARIO_NAMES),
    CHAOS_HELP,
  );
  if ('exitCode' in read) return read.exitCode;
  const opts = read.options;
  if (opts.list) {
    for (const s of SCENARIOS) process.stdout.write(`${s.name.padEnd(20)} ${s.title}\n`);
    return 0;
  }
  const selected = SCENARIOS.filter((s) => opts.only.length === 0 || opts.only.includes(s.name));
  const runnable = selected.filter((s) => !(s.needs?.brokers === 3 && opts.brokers < 3));
  const runId = newRunId();
  const progress = new Progress();
  const startedAt = new Date();
  const onStop = stopOnSignal((l) => progress.log(l), 'everything the chaos run started');

  progress.log(
    `Paystream chaos ${runId}: ${runnable.length} scenario(s), ${opts.charges} charges each at ${opts.rate}/s, ` +
      `${opts.brokers} broker(s)${opts.quick ? ' (quick)' : ''}`,
  );
  const system: DemoSystem = await startDemoSystem(
    {
      brokers: opts.brokers,
      partitions: opts.partitions,
      workers: 3,
      relays: 2,
      keepDb: false,
      redis: 'private',
      // Only a private Postgres may be restarted; the shared one on 5432 never is.
      postgres: runnable.some((s) => s.needs?.embeddedPostgres) ? 'embedded' : 'shared',
      appEnv: {
        // A SIGKILLed member's partitions wait for its session to expire: keep that short.
        'charge-worker': { KAFKA_SESSION_TIMEOUT_MS: '10000' },
        'db-sink': { KAFKA_SESSION_TIMEOUT_MS: '10000' },
        // A frozen relay is replaced after its lease: short enough to happen inside a scenario.
        'outbox-relay': { RELAY_LEASE_MS: String(CHAOS_RELAY_LEASE_MS) },
      },
    },
    runId,
    (l) => progress.log(l),
    onStop,
  );
  const observer = new Observer(system.databaseUrl, system.kafkaBrokers);
  const producer = createKafka({
    clientId: 'chaos-poisoner',
    brokers: system.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  }).producer();
  const rows: ScenarioRow[] = [];
  const base = path.join(path.resolve(opts.resultsDir), `chaos-${runId}`);
  try {
    await observer.connect();
    await producer.connect();
    const routes = await observer.routes();
    await warmUp(system, runId, routes, {
      rounds: 3,
      timeoutMs: REQUEST_TIMEOUT_MS,
      viaQueue: true,
    });
    const done: PendingScenario[] = [];
    for (const scenario of selected) {
      if (!runnable.includes(scenario)) {
        rows.push(
          skippedRow(scenario.name, scenario.title, 'needs 3 brokers (run without --brokers 1)'),
        );
        progress.log(`\n■ ${scenario.name}: skipped (needs 3 brokers)`);
        continue;
      }
      done.push(
        await runScenario(scenario, opts, runId, system, observer, routes, producer, progress),
      );
    }
    progress.log('\nReading the topics from Kafka (own consumer, from the beginning)…');
    const contents = await readTollTopics(system.kafkaBrokers);
    progress.log(`  ${contents.recordsRead} records read`);
    for (const p of done) rows.push(verdictFor(p, contents));
    rows.sort((a, b) => SCENARIO_NAMES.indexOf(a.scenario) - SCENARIO_NAMES.indexOf(b.scenario));
  } catch (error) {
    progress.log(`Chaos run failed: ${(error as Error).stack ?? String(error)}`);
    writeAppLogs(base, system.apps);
    return 1;
  } finally {
    await producer.disconnect().catch(() => undefined);
    await observer.close();
    if (rows.some((r) => r.status === 'failed')) writeAppLogs(base, system.apps);
    progress.log('Stopping apps and infrastructure…');
    await system.stop();
  }
  const ok = rows.every((r) => r.status !== 'failed');
  const report: ChaosReport = {
    runId,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    build: buildName(),
    settings: {
      brokers: opts.brokers,
      partitions: opts.partitions,
      relays: 2,
      workers: 3,
      chargesPerScenario: opts.charges,
      ratePerSecond: opts.rate,
      faultSeconds: opts.faultSeconds,
      drainTimeoutSeconds: opts.drainTimeoutSeconds,
      quick: opts.quick,
      node: process.version,
    },
    rows,
    ok,
  };
  mkdirSync(path.dirname(base), { recursive: true });
  writeFileSync(`${base}.json`, JSON.stringify(report, null, 2));
  writeFileSync(`${base}.md`, renderMarkdown(report));
  const findings = renderFindings(rows);
  progress.log(`\n${renderTable(rows)}\n${findings ? `\n${findings}\n` : ''}`);
  progress.log(`${ok ? 'EVERY AUDIT HELD' : 'AUDIT FAILED'} · report: ${base}.md and ${base}.json`);
  return ok ? 0 : 1;
}

async function runScenario(
  scenario: ChaosScenario,
  opts: ChaosOptions,
  runId: string,
  system: DemoSystem,
  observer: Observer,
  routes: Route[],
  producer: ReturnType<ReturnType<typeof createKafka>['producer']>,
  progress: Progress,
): Promise<PendingScenario> {
  const tag = `${runId}-${scenario.name}`;
  const keyPrefix = `demo-${tag}-`;
  const since = new Date();
  const stats = new PhaseStats(scenario.name, scenario.title);
  const accepted: string[] = [];
  const approved: string[] = [];
  let fired = 0;
  const via = scenario.tillVia ?? 'both';
  const loop = new RateLoop({
    ratePerSecond: opts.rate,
    maxInFlight: MAX_IN_FLIGHT,
    fire: async (n) => {
      if (n >= opts.charges) return;
      fired++;
      const slot = n % 10; // 3 in 10 at the till, 7 at the toll
      if (slot < 3) {
        const mode = via === 'both' ? (slot === 1 ? 'queue' : 'sync') : via;
        await payAtTill(
          system.urls.pos,
          tag,
          n,
          () => stats,
          REQUEST_TIMEOUT_MS,
          mode,
          (k) => approved.push(k),
        );
      } else {
        await exitAtToll(
          system.urls.toll,
          tag,
          n,
          routes,
          () => stats,
          REQUEST_TIMEOUT_MS,
          (k) => accepted.push(k),
        );
      }
    },
  });
  progress.log(`\n▶ ${scenario.name}: ${scenario.title}`);
  const notes: string[] = [];
  const poison = new Map<string, string[]>();
  const ctx: ScenarioContext = {
    system,
    options: opts,
    faultMs: opts.faultSeconds * 1000,
    note: (line) => {
      notes.push(line);
      progress.log(`  · ${line}`);
    },
    setGatewayFaults: async (faults) => {
      const res = await fetch(`${system.urls.gateway}/admin/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-admin-token': system.adminToken },
        body: JSON.stringify(faults),
      });
      const text = await res.text();
      if (res.status === 400) throw new FaultNotSupportedError(faults, `400 ${text.slice(0, 200)}`);
      if (!res.ok) throw new Error(`gateway fault control answered ${res.status}: ${text}`);
      // A build that does not know a field may drop it silently: read back what is in force.
      const inForce = JSON.parse(text) as Record<string, unknown>;
      const ignored = Object.keys(faults).filter((k) => inForce[k] !== faults[k]);
      if (ignored.length > 0) {
        throw new FaultNotSupportedError(
          faults,
          `it answered ${res.status} but ${ignored.join(', ')} not in force`,
        );
      }
    },
    leaderOf: (topic, partition) => observer.leaderOf(topic, partition),
    produceRaw: async (topic, records) => {
      await producer.send({ topic, messages: records });
    },
    unpublishedOutbox: async () => (await observer.backlog(keyPrefix)).unpublishedOutbox,
    poison,
    sleep,
  };
  const status = async (phase: string) => {
    const b = await observer.backlog(keyPrefix).catch(() => undefined);
    progress.update(
      `  [${scenario.name} ${phase} ${Math.round((Date.now() - since.getTime()) / 1000)}s] sent ${fired}/${opts.charges} · ` +
        `till ${briefOutcomes(stats.till.outcomes.toJSON())} · toll ${briefOutcomes(stats.toll.outcomes.toJSON())}` +
        (b
          ? ` · pending ${b.pendingCharges} · outbox ${b.unpublishedOutbox} · unresolved till ${b.unresolvedTillTimeouts}`
          : ''),
    );
  };
  let faultAt: number | undefined;
  let healedAt: number | undefined;
  let ticking = true;
  const ticker = (async () => {
    while (ticking) {
      await status(healedAt ? 'recovering' : faultAt ? 'fault' : 'steady');
      await sleep(1_000);
    }
  })();
  let error: string | undefined;
  // Requests skipped for too many in flight are never fired: stop waiting at twice the planned time.
  const planned = (opts.charges / opts.rate) * 1000;
  const giveUpAt = Date.now() + 2 * planned;
  loop.start();
  try {
    // A third of the traffic before the fault, the rest during and after it.
    await waitFor(() => fired >= Math.floor(opts.charges / 3) || Date.now() > giveUpAt);
    faultAt = Date.now();
    try {
      await scenario.run(ctx);
    } catch (e) {
      error = (e as Error).message;
      progress.log(`  ✘ ${error}`);
    }
    healedAt = Date.now();
    await ctx.setGatewayFaults(NO_FAULTS).catch(() => undefined);
    await waitFor(() => fired >= opts.charges || Date.now() > giveUpAt + planned);
  } finally {
    await loop.stop();
  }
  // A process that died on its own is restarted (as an orchestrator would), and counted against the scenario.
  const crashes: string[] = [];
  const reviveCrashed = async () => {
    for (const proc of system.crashed()) {
      const why =
        proc.logs.slice(-80).find((l) => /Error|FATAL|code: '/.test(l)) ?? 'no error in its log';
      crashes.push(
        `${proc.options.app} (pid ${proc.pid}) exited on its own: ${why.trim().slice(0, 160)}`,
      );
      ctx.note(`${crashes[crashes.length - 1]} — restarted`);
      await system
        .restartApp(proc, 'SIGKILL')
        .catch((e: Error) => ctx.note(`restart failed: ${e.message}`));
    }
  };
  await reviveCrashed();
  if (loop.skipped > 0)
    notes.push(`load generator skipped ${loop.skipped} requests (too many in flight)`);
  let recoverSeconds: number | null = null;
  try {
    await waitUntil(
      async () => {
        const b = await observer.backlog(keyPrefix);
        return (
          b.pendingCharges === 0 && b.unpublishedOutbox === 0 && b.unresolvedTillTimeouts === 0
        );
      },
      {
        timeoutMs: opts.drainTimeoutSeconds * 1000,
        intervalMs: 500,
        description: `${scenario.name}'s backlog to drain`,
      },
    );
    recoverSeconds = Math.round((Date.now() - (healedAt ?? Date.now())) / 100) / 10;
  } catch (e) {
    progress.log(`  ✘ ${(e as Error).message}`);
  }
  ticking = false;
  await ticker;
  await reviveCrashed();
  const audit = await runAudit(system.databaseUrl, { keyPrefix, since });
  const lists = await scenarioLists(system.databaseUrl, keyPrefix, accepted, approved);
  const tollRefused = scenario.tollMustAccept
    ? Object.entries(stats.toll.outcomes.toJSON())
        .filter(([k]) => !k.startsWith('202'))
        .reduce((a, [, v]) => a + v, 0)
    : 0;
  const failedChecks = audit.checks.filter((c) => !c.ok);
  progress.log(
    `  ${fired} charges · recovered ${recoverSeconds === null ? 'NOT within the deadline' : `in ${recoverSeconds} s`} · ` +
      `database audit ${failedChecks.length === 0 ? 'held' : `FAILED: ${failedChecks.map((c) => `${c.name} (${c.violations})`).join(', ')}`}`,
  );
  return {
    scenario,
    chargesIn: fired,
    audit,
    recoverSeconds,
    error,
    tollRefused,
    poison,
    notes,
    crashes,
    ...lists,
  };
}

/** Ids the Kafka audit looks for, and what the clients were told that the database does not show. */
async function scenarioLists(
  databaseUrl: string,
  keyPrefix: string,
  accepted: string[],
  approved: string[],
) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const like = keyPrefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
    const events = await client.query<{ event_id: string }>(
      `SELECT o.event_id FROM outbox_events o JOIN toll_charges c ON o.aggregate_id = c.id::text
         JOIN toll_exits e ON e.id = c.exit_id WHERE o.aggregate_type = 'toll_charge' AND e.idempotency_key LIKE $1`,
      [like],
    );
    const finals = await client.query<{ id: string }>(
      `SELECT c.id FROM toll_charges c JOIN toll_exits e ON e.id = c.exit_id
        WHERE c.status <> 'PENDING' AND e.idempotency_key LIKE $1`,
      [like],
    );
    const exits = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM toll_exits WHERE idempotency_key = ANY($1::text[])`,
      [accepted],
    );
    const payments = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pos_payments WHERE status = 'approved' AND idempotency_key = ANY($1::text[])`,
      [approved],
    );
    return {
      outboxEventIds: events.rows.map((r) => r.event_id),
      finalChargeIds: finals.rows.map((r) => r.id),
      acceptedButMissing: accepted.length - Number(exits.rows[0].n),
      approvedButMissing: approved.length - Number(payments.rows[0].n),
    };
  } finally {
    await client.end();
  }
}

function verdictFor(p: PendingScenario, kafka: KafkaContents): ScenarioRow {
  const poisonMissing = [...p.poison.entries()].reduce((missing, [topic, keys]) => {
    const dlq = topic === TOPICS.tollCharges ? TOPICS.tollChargesDlq : TOPICS.tollChargeResultsDlq;
    const letters = kafka.deadLetters[dlq];
    return missing + keys.filter((k) => !letters.some((l) => l.key === k && l.reason)).length;
  }, 0);
  const outside: OutsideFindings = {
    acceptedButMissing: p.acceptedButMissing,
    approvedButMissing: p.approvedButMissing,
    eventsNotOnTopic: p.outboxEventIds.filter((id) => !kafka.chargeEventIds.has(id)).length,
    resultsNotOnTopic: p.finalChargeIds.filter((id) => !kafka.resultChargeIds.has(id)).length,
    // Whole-topic check, charged to every scenario: a dead letter without its reason is wrong wherever it came from.
    deadLettersWithoutReason: Object.values(kafka.deadLetters)
      .flat()
      .filter((l) => !l.reason).length,
    poisonNotDeadLettered: poisonMissing,
  };
  const row = scenarioVerdict({
    scenario: p.scenario.name,
    title: p.scenario.title,
    chargesIn: p.chargesIn,
    audit: p.audit,
    outside,
    recoverSeconds: p.recoverSeconds,
    error: p.error,
  });
  row.notes = p.notes;
  if (p.crashes.length > 0) {
    row.violations.push({
      check: 'app process died and did not come back by itself',
      count: p.crashes.length,
    });
    row.status = 'failed';
  }
  if (p.tollRefused > 0) {
    row.violations.push({
      check: 'toll lane answered something other than 202',
      count: p.tollRefused,
    });
    row.status = 'failed';
  }
  return row;
}

function buildName(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--untracked-files=no')
      ? ' (uncommitted changes)'
      : '';
    return `${git('rev-parse', '--abbrev-ref', 'HEAD')}@${git('rev-parse', '--short', 'HEAD')}${dirty}`;
  } catch {
    return 'unknown (no git)';
  }
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(100);
}

runMain(main);
