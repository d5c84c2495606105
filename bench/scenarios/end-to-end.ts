import { waitUntil, type AppProcess } from '@paystream/testing';
import { BENCH_APP_LOG_LEVEL, startBenchApp, stopBenchApps } from '../lib/bench-apps';
import { ms, num } from '../lib/format';
import { BENCH_ADMIN_TOKEN, setGatewayFaults } from '../lib/gateway-faults';
import { summarize } from '../lib/percentiles';
import { countRows, withPg } from '../lib/pg-helpers';
import { SanityChecks } from '../lib/sanity';
import type { Scenario, ScenarioContext, ScenarioOutput } from '../lib/scenario';
import { atSteadyRate } from '../lib/steady-rate';
import {
  deadLetterCounts,
  deleteTollPipelineTopics,
  startTollPipeline,
  tollExitRequest,
  type TollPipeline,
} from '../lib/toll-pipeline';
import type { WorkerModeResult } from './charge-workers';
import type { LoadResult } from '../lib/http-load';

/** Half of the measured capacity: a steady load the system should carry without queueing up. */
const LOAD_FRACTION = 0.5;
const SETTLE_TIMEOUT_MS = 10 * 60_000;

/** Concurrent posting loops of the capacity probe: enough to keep every stage busy. */
const PROBE_CONNECTIONS = 8;

/**
 * The slowest stage measured alone (intake, settling), when those scenarios ran before this
 * one. Shown for comparison only: on a small machine the stages share the cores, so the
 * whole pipeline carries less than its slowest stage alone.
 */
function stageCapacity(ctx: ScenarioContext, workers: number): string | undefined {
  const modes = ctx.earlier.get('charge-workers')?.data.modes as WorkerModeResult[] | undefined;
  const settle = modes
    ?.find((m) => m.mode === 'on')
    ?.steps.find((s) => s.workers === workers)?.settledPerSec;
  const intake = (ctx.earlier.get('toll-intake')?.data.paystream as { run: LoadResult } | undefined)
    ?.run.okPerSec;
  if (settle === undefined && intake === undefined) return undefined;
  return `stages alone: intake ${intake === undefined ? '–' : num(intake)}/s, settling ${settle === undefined ? '–' : num(settle)}/s`;
}

export const endToEndScenario: Scenario = {
  name: 'end-to-end',
  async run(ctx: ScenarioContext): Promise<ScenarioOutput> {
    const size = ctx.sizes.endToEnd;
    const checks = new SanityChecks('end-to-end');
    const stages = stageCapacity(ctx, size.workers);
    let rate: number;
    let source: string;
    let probe:
      | { accepted: number; refused: Record<string, number>; seconds: number; capacity: number }
      | undefined;
    const cluster = await ctx.infra.kafkaCluster(1);
    const db = await ctx.infra.database();
    const gatewayDb = await ctx.infra.database();
    ctx.memory.watch(ctx.infra.kafkaWatch(cluster), { ownedByScenario: false });
    ctx.memory.watch(ctx.infra.postgresWatch(db.name), { ownedByScenario: false });
    ctx.memory.watch(ctx.infra.postgresWatch(gatewayDb.name), { ownedByScenario: false });
    ctx.memory.watch(await ctx.infra.redisWatch(), { ownedByScenario: false });
    const apps: AppProcess[] = [];
    let pipeline: TollPipeline;
    const sentAt = new Map<string, number>();
    let posted: { fired: number; failed: number };
    let tollErrors: string[];
    const statuses = new Map<string, number>();
    // A refused connection or reset is counted by its message, not hidden: it fails the run below.
    const fetchOrRecord = async (url: string, init: RequestInit): Promise<Response | undefined> => {
      try {
        return await fetch(url, init);
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const key = `error ${cause?.code ?? cause?.message ?? (error as Error).message}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        throw error;
      }
    };
    try {
      const gateway = await startBenchApp(ctx, 'payment-gateway', {
        DATABASE_URL: gatewayDb.url,
        ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      });
      apps.push(gateway);
      await setGatewayFaults(gateway.url, { latencyMs: size.gatewayLatencyMs, jitterMs: 0 });
      // Exits posted while a group is still forming would measure the rebalance, not the pipeline
      // (startTollPipeline waits for both groups).
      pipeline = await startTollPipeline(
        ctx,
        cluster,
        {
          prefix: 'bench-e2e',
          databaseUrl: db.url,
          gatewayUrl: gateway.url,
          partitions: size.partitions,
          workers: size.workers,
        },
        apps,
      );
      const { toll } = pipeline;
      const settledCount = () =>
        countRows(db.url, "SELECT count(*) AS n FROM toll_charges WHERE status <> 'PENDING'");
      const allSettled = (expected: number, what: string) =>
        waitUntil(
          async () => {
            for (const a of apps)
              if (a.hasExited)
                throw new Error(`${a.options.app} exited: ${a.logs.slice(-5).join(' | ')}`);
            return (await settledCount()) >= expected;
          },
          {
            timeoutMs: SETTLE_TIMEOUT_MS,
            intervalMs: 250,
            description: `${expected} charges settled (${what})`,
          },
        );

      // 1. Capacity of the whole pipeline on this machine: post as fast as PROBE_CONNECTIONS
      // loops can for probeS seconds, then time until the last of them is settled.
      ctx.log(`capacity probe: ${PROBE_CONNECTIONS} connections for ${size.probeS} s, then drain`);
      const refused: Record<string, number> = {};
      let accepted = 0;
      let next = 0;
      const probeStarted = Date.now();
      const probeEnds = probeStarted + size.probeS * 1_000;
      await Promise.all(
        Array.from({ length: PROBE_CONNECTIONS }, async () => {
          while (Date.now() < probeEnds) {
            const res = await fetch(`${toll.url}/toll/exits`, tollExitRequest(next++)).catch(
              (error: Error) => error,
            );
            const key =
              res instanceof Error
                ? `error ${(res.cause as { code?: string } | undefined)?.code ?? res.message}`
                : String(res.status);
            if (!(res instanceof Error)) await res.arrayBuffer();
            if (key === '202') accepted += 1;
            else refused[key] = (refused[key] ?? 0) + 1;
          }
        }),
      );
      await allSettled(accepted, 'capacity probe');
      const probeSeconds = (Date.now() - probeStarted) / 1_000;
      const capacity = accepted / probeSeconds;
      probe = { accepted, refused, seconds: probeSeconds, capacity };
      rate = Math.max(1, Math.floor(capacity * LOAD_FRACTION));
      source = `${LOAD_FRACTION * 100}% of the pipeline's measured capacity (${num(capacity)} settled/s: ${num(accepted)} exits in ${probeSeconds.toFixed(1)} s, posted to settled)`;

      // 2. Latency at half that capacity.
      ctx.log(`posting exits at ${rate}/s for ${size.durationS} s (${source})`);
      posted = await atSteadyRate(rate, size.durationS, async (i) => {
        const started = Date.now();
        const res = await fetchOrRecord(`${toll.url}/toll/exits`, tollExitRequest(next + i));
        if (!res) return;
        statuses.set(String(res.status), (statuses.get(String(res.status)) ?? 0) + 1);
        const body = (await res.json()) as { chargeId?: string };
        if (res.status !== 202 || !body.chargeId) throw new Error(`exit answered ${res.status}`);
        sentAt.set(body.chargeId, started);
      });
      await allSettled(accepted + sentAt.size, 'steady phase');
      await ctx.memory.sample();
    } finally {
      tollErrors =
        apps
          .find((a) => a.options.app === 'toll-api')
          ?.logs.filter((l) => /"level":(50|60)|error/i.test(l))
          .slice(-3) ?? [];
      await stopBenchApps(apps, ctx.log);
    }
    // The sink stamps updated_at = now() in the transaction that settles the charge (same host clock as Date.now()).
    const settled = await withPg(
      db.url,
      async (c) =>
        (
          await c.query<{ id: string; at: string }>(
            "SELECT id::text AS id, extract(epoch FROM updated_at) * 1000 AS at FROM toll_charges WHERE status = 'SETTLED'",
          )
        ).rows,
    );
    const steadySettled = settled.filter((r) => sentAt.has(r.id));
    const latency = summarize(steadySettled.map((r) => Number(r.at) - sentAt.get(r.id)!));
    checks.check(
      posted.failed === 0,
      'every exit answered 202',
      `answers: ${JSON.stringify(Object.fromEntries(statuses))}; toll-api errors: ${tollErrors.join(' | ').slice(0, 1_500)}`,
    );
    checks.equal(steadySettled.length, sentAt.size, 'every charge of the steady phase SETTLED');
    checks.equal(
      settled.length,
      sentAt.size + (probe?.accepted ?? 0),
      'every accepted charge (probe and steady) SETTLED',
    );
    checks.equal(
      await countRows(db.url, 'SELECT count(*) AS n FROM processed_events'),
      settled.length,
      'one processed result per charge',
    );
    const deadLetters = await deadLetterCounts(pipeline);
    checks.equal(deadLetters.charges, 0, 'no charge dead-lettered');
    checks.equal(deadLetters.results, 0, 'no result dead-lettered');
    await deleteTollPipelineTopics(pipeline, ctx.log);
    await db.drop();
    await gatewayDb.drop();
    checks.throwIfFailed();

    return {
      title: '7. End to end (exit → settled in the database)',
      settings: {
        ...size,
        probeConnections: PROBE_CONNECTIONS,
        rate,
        rateSource: source,
        stageCapacities: stages ?? 'not run',
        appLogLevel: BENCH_APP_LOG_LEVEL,
      },
      tables: [
        {
          title: 'Capacity of the whole pipeline (every service on this machine at once)',
          columns: ['measure', 'value'],
          rows: [
            [
              `exits accepted in ${size.probeS} s at ${PROBE_CONNECTIONS} connections`,
              num(probe!.accepted),
            ],
            [
              'refused meanwhile (load shed by toll-api)',
              Object.entries(probe!.refused)
                .map(([k, v]) => `${k}×${v}`)
                .join(' ') || '0',
            ],
            ['first post → last of them settled', `${probe!.seconds.toFixed(1)} s`],
            ['capacity (settled/s)', num(probe!.capacity)],
            ...(stages
              ? [
                  [
                    'for comparison, the stages measured alone',
                    stages.replace('stages alone: ', ''),
                  ],
                ]
              : []),
          ],
          note: 'On a 2-core machine the stages share the cores, so the pipeline carries less than its slowest stage alone; the steady phase runs at half of this.',
        },
        {
          title: `Exit → SETTLED latency (ms) at ${rate} exits/s for ${size.durationS} s`,
          columns: ['measure', 'p50', 'p90', 'p99', 'max', 'charges'],
          rows: [
            [
              'POST /toll/exits sent → sink commits SETTLED',
              ms(latency.p50),
              ms(latency.p90),
              ms(latency.p99),
              ms(latency.max),
              String(latency.count),
            ],
          ],
          note: `Rate: ${source}. Path: toll-api → outbox → relay (acks=all) → ${size.workers} charge workers → gateway (${size.gatewayLatencyMs} ms) → results → db-sink.`,
        },
      ],
      data: { rate, source, probe, stages, latency, statuses: Object.fromEntries(statuses) },
      checks: checks.passed,
      findings: [],
      charts: [],
    };
  },
};
