import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { type GatewayFaults } from '@paystream/contracts';
import { randomName, waitUntil, type AppProcess } from '@paystream/testing';
import { posConfigSchema } from '../../apps/pos-api/src/config/pos.config';
import { BENCH_APP_LOG_LEVEL, startBenchApp, stopBenchApps } from '../lib/bench-apps';
import { ms, num } from '../lib/format';
import { setGatewayFaults } from '../lib/gateway-faults';
import { summarize, type LatencySummary } from '../lib/percentiles';
import { countRows, withPg } from '../lib/pg-helpers';
import { SanityChecks } from '../lib/sanity';
import { tillPaymentBody } from '../lib/till-payment';
import type { Scenario, ScenarioContext, ScenarioOutput } from '../lib/scenario';
import { atSteadyRate } from '../lib/steady-rate';
import { lineChart, type Series } from '../lib/svg-chart';
import { BenchPipeline } from '../lib/pipeline/bench-pipeline';
import { exitRequest } from '../lib/pipeline/exit-request';

/**
 * The till's deadline as pos-api defines it (the default of POS_DEADLINE_MS),
 * passed to the app explicitly so an inherited environment cannot make the
 * running till and the line drawn on the chart disagree.
 */
export const TILL_DEADLINE_MS: number = posConfigSchema.shape.POS_DEADLINE_MS.parse(undefined);

/** Added gateway latency of each step; a last step takes the gateway down. */
export const LATENCY_STEPS_MS = [0, 50, 200, 1_000, 3_000] as const;

/**
 * How far past its deadline a till answer may come (the 504 is written to
 * Postgres before it is sent, on a machine that may be busy). A sanity bound
 * ("the till never hangs"), not a performance claim.
 */
export const DEADLINE_SLACK_MS = 1_500;

/** Till answers a correct pos-api gives to an approved card: approved, gateway unavailable, timed out. */
const TILL_STATUSES = new Set(['201', '503', '504']);
const REQUEST_TIMEOUT_MS = 30_000;
const SETTLE_TIMEOUT_MS = 5 * 60_000;
const TILL_COLOR = '#dd6b20';
const TOLL_ANSWER_COLOR = '#2b6cb0';
const SETTLE_COLOR = '#38a169';
const CHART_TITLE = 'Till (synchronous) vs toll (asynchronous) as the gateway slows down';

interface StepPlan {
  label: string;
  faults: Pick<GatewayFaults, 'down' | 'latencyMs' | 'jitterMs'>;
}

const STEPS: StepPlan[] = [
  ...LATENCY_STEPS_MS.map((latencyMs) => ({
    label: `${latencyMs} ms`,
    faults: { down: false, latencyMs, jitterMs: 0 },
  })),
  { label: 'down', faults: { down: true, latencyMs: 0, jitterMs: 0 } },
];
const GATEWAY_UP = { down: false, latencyMs: 0, jitterMs: 0 };

/** One answer: its time and what it was (`201`, `503 circuit_open`, `error ECONNREFUSED`). */
interface Answer {
  ms: number;
  key: string;
}

export interface SyncAsyncStep {
  label: string;
  faults: StepPlan['faults'];
  /** 1-minute load average when the step's traffic ended. */
  load1m: number;
  till: LatencySummary;
  tillAnswers: Record<string, number>;
  toll: LatencySummary;
  tollAnswers: Record<string, number>;
  /** POST /toll/exits sent → db-sink commits SETTLED (the "down" step: through the outage). */
  settle: LatencySummary;
  /** "down" only: when the gateway came back, from the step's first request. */
  gatewayBackAfterMs?: number;
  /** "down" only: gateway back → SETTLED. */
  settleAfterBack?: LatencySummary;
}

async function timedPost(url: string, init: RequestInit): Promise<Answer & { body: unknown }> {
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const body = (await res.json().catch(() => ({}))) as { error?: unknown };
    const error = res.status >= 400 && typeof body.error === 'string' ? ` ${body.error}` : '';
    return { ms: performance.now() - started, key: `${res.status}${error}`, body };
  } catch (error) {
    // A refused, reset or abandoned request is counted by its cause, never dropped.
    const cause = (error as { cause?: { code?: string } }).cause;
    const code = cause?.code ?? (error as Error).name;
    return { ms: performance.now() - started, key: `error ${code}`, body: undefined };
  }
}

function tillPayment(): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${randomUUID()}` },
    body: tillPaymentBody(),
  };
}

function tally(answers: readonly Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) counts[a.key] = (counts[a.key] ?? 0) + 1;
  return counts;
}

/** Answers whose status line starts with `status` (e.g. '503' counts every 503, whatever its code). */
function countStatus(answers: Record<string, number>, status: string): number {
  return Object.entries(answers)
    .filter(([key]) => key === status || key.startsWith(`${status} `))
    .reduce((sum, [, n]) => sum + n, 0);
}

/**
 * x = gateway step, y = milliseconds on a log scale (answers of a few ms and
 * settlements of many seconds on one picture), the till's deadline as a line.
 */
export function syncVsAsyncChart(
  steps: readonly SyncAsyncStep[],
  run: { rate: number; stepS: number; conditions: string },
): string {
  const line = (name: string, values: number[], color: string, dashed = false): Series => ({
    name,
    values,
    color,
    dashed,
  });
  return lineChart({
    title: CHART_TITLE,
    subtitle: `${run.rate} payments/s + ${run.rate} exits/s, ${run.stepS} s per step, ${run.conditions}; "down": exit → SETTLED includes the outage`,
    categories: steps.map((s) => s.label),
    xLabel: 'latency added at the payment gateway',
    yLabel: 'milliseconds (log scale)',
    yScale: 'log',
    series: [
      line(
        'till answer p50',
        steps.map((s) => s.till.p50),
        TILL_COLOR,
      ),
      line(
        'till answer p99',
        steps.map((s) => s.till.p99),
        TILL_COLOR,
        true,
      ),
      line(
        'toll answer p99',
        steps.map((s) => s.toll.p99),
        TOLL_ANSWER_COLOR,
        true,
      ),
      line(
        'toll exit → SETTLED p50',
        steps.map((s) => s.settle.p50),
        SETTLE_COLOR,
      ),
      line(
        'toll exit → SETTLED p99',
        steps.map((s) => s.settle.p99),
        SETTLE_COLOR,
        true,
      ),
    ],
    thresholds: [{ value: TILL_DEADLINE_MS, label: `till deadline ${TILL_DEADLINE_MS} ms` }],
  });
}

export const syncVsAsyncScenario: Scenario = {
  name: 'sync-vs-async',
  async run(ctx: ScenarioContext): Promise<ScenarioOutput> {
    const size = ctx.sizes.syncVsAsync;
    const checks = new SanityChecks('sync-vs-async');
    const pipeline = await BenchPipeline.prepare(ctx, {
      name: 'bench-sva',
      partitions: size.partitions,
    });
    const { db } = pipeline;
    const redisUrl = await ctx.infra.redisUrl();
    const loadStart = os.loadavg()[0];
    const apps: AppProcess[] = [];
    const steps: SyncAsyncStep[] = [];
    /** Every exit toll-api accepted (warm-up included): all must end SETTLED. */
    const accepted: string[] = [];
    try {
      await pipeline.start(ctx, { name: 'bench-sva', workers: size.workers, gatewayLatencyMs: 0 });
      const gateway = pipeline.gateway;
      await setGatewayFaults(gateway.url, GATEWAY_UP);
      // pos-api with its own defaults (breaker included): the till as it ships.
      const pos = await startBenchApp(ctx, 'pos-api', {
        DATABASE_URL: db.url,
        REDIS_URL: redisUrl,
        GATEWAY_URL: gateway.url,
        QUEUE_PREFIX: randomName('bench-pos'),
        POS_DEADLINE_MS: String(TILL_DEADLINE_MS),
      });
      apps.push(pos);
      const tollUrl = `${pipeline.toll.url}/toll/exits`;
      const tillUrl = `${pos.url}/pos/payments`;
      let exitNo = 0;

      /** Both stories at `rate`/s each, at the same time, against the same gateway. */
      const traffic = async (durationS: number) => {
        const till: Answer[] = [];
        const toll: Answer[] = [];
        const sentAt = new Map<string, number>();
        await Promise.all([
          atSteadyRate(size.rate, durationS, async () => {
            till.push(await timedPost(tillUrl, tillPayment()));
          }),
          atSteadyRate(size.rate, durationS, async () => {
            const sent = Date.now();
            const answer = await timedPost(tollUrl, exitRequest(exitNo++));
            toll.push(answer);
            const chargeId = (answer.body as { chargeId?: unknown } | undefined)?.chargeId;
            if (answer.key === '202' && typeof chargeId === 'string') {
              sentAt.set(chargeId, sent);
              accepted.push(chargeId);
            }
          }),
        ]);
        return { till, toll, sentAt };
      };
      /** Waits until none of `ids` is PENDING; returns when each was last written (the sink's commit). */
      const settledTimes = async (ids: string[], what: string) => {
        const rows = () =>
          withPg(
            db.url,
            async (c) =>
              (
                await c.query<{ id: string; status: string; at: string }>(
                  'SELECT id::text AS id, status, extract(epoch FROM updated_at) * 1000 AS at FROM toll_charges WHERE id = ANY($1::uuid[])',
                  [ids],
                )
              ).rows,
          );
        await waitUntil(
          async () => {
            pipeline.assertAllRunning();
            for (const a of apps)
              if (a.hasExited)
                throw new Error(`${a.options.app} exited: ${a.logs.slice(-5).join(' | ')}`);
            const r = await rows();
            return r.length === ids.length && r.every((row) => row.status !== 'PENDING');
          },
          {
            timeoutMs: SETTLE_TIMEOUT_MS,
            intervalMs: 250,
            description: `${ids.length} charges settled (${what})`,
          },
        );
        return new Map(
          (await rows()).filter((r) => r.status === 'SETTLED').map((r) => [r.id, Number(r.at)]),
        );
      };

      ctx.log(`warm-up: ${size.rate}/s per story for ${size.warmupS} s, gateway at 0 ms`);
      const warm = await traffic(size.warmupS);
      await settledTimes([...warm.sentAt.keys()], 'warm-up');

      for (const plan of STEPS) {
        ctx.log(
          `${plan.label}: ${size.rate} till payments/s + ${size.rate} exits/s for ${size.stepS} s`,
        );
        await setGatewayFaults(gateway.url, plan.faults);
        const began = Date.now();
        const run = await traffic(size.stepS);
        const load1m = os.loadavg()[0];
        let backAt: number | undefined;
        if (plan.faults.down) {
          // The toll's charges wait for the gateway: bring it back, then time them to SETTLED.
          await setGatewayFaults(gateway.url, GATEWAY_UP);
          backAt = Date.now();
        }
        const settledAt = await settledTimes([...run.sentAt.keys()], plan.label);
        const settle = summarize(
          [...run.sentAt].flatMap(([id, sent]) => {
            const at = settledAt.get(id);
            return at === undefined ? [] : [at - sent];
          }),
        );
        const step: SyncAsyncStep = {
          label: plan.label,
          faults: plan.faults,
          load1m,
          till: summarize(run.till.map((a) => a.ms)),
          tillAnswers: tally(run.till),
          toll: summarize(run.toll.map((a) => a.ms)),
          tollAnswers: tally(run.toll),
          settle,
          ...(backAt === undefined
            ? {}
            : {
                gatewayBackAfterMs: backAt - began,
                settleAfterBack: summarize(
                  [...settledAt.values()].map((at) => Math.max(0, at - backAt)),
                ),
              }),
        };
        steps.push(step);
        ctx.log(
          `${plan.label}: till p50 ${ms(step.till.p50)} / p99 ${ms(step.till.p99)} ms ${JSON.stringify(step.tillAnswers)}; ` +
            `toll p99 ${ms(step.toll.p99)} ms; settle p50 ${ms(settle.p50)} / p99 ${ms(settle.p99)} ms`,
        );
      }
      await ctx.memory.sample();
    } finally {
      await stopBenchApps(apps, ctx.log);
      await pipeline.stop(ctx.log);
    }
    const loadEnd = os.loadavg()[0];

    // Checks: each could fail on a broken system; none is a speed claim.
    checks.equal(steps.length, STEPS.length, 'every gateway step ran');
    const expected = Math.max(1, Math.round(size.rate * size.stepS));
    for (const step of steps) {
      const tillTotal = Object.values(step.tillAnswers).reduce((a, b) => a + b, 0);
      checks.equal(tillTotal, expected, `${step.label}: every till payment sent`);
      const unexpected = Object.keys(step.tillAnswers).filter(
        (k) => !TILL_STATUSES.has(k.split(' ')[0]),
      );
      checks.check(
        unexpected.length === 0,
        `${step.label}: every till payment answered 201, 503 or 504`,
        JSON.stringify(step.tillAnswers),
      );
      checks.check(
        step.till.p99 <= TILL_DEADLINE_MS + DEADLINE_SLACK_MS,
        `${step.label}: till p99 within its deadline (${TILL_DEADLINE_MS} ms + ${DEADLINE_SLACK_MS} ms slack)`,
        `p99 ${ms(step.till.p99)} ms`,
      );
      if (step.faults.down || step.faults.latencyMs > TILL_DEADLINE_MS) {
        checks.equal(
          step.tillAnswers['201'] ?? 0,
          0,
          `${step.label}: no till payment approved (the gateway cannot answer in time)`,
        );
      }
      checks.check(
        step.tollAnswers['202'] === expected,
        `${step.label}: every toll exit answered 202`,
        JSON.stringify(step.tollAnswers),
      );
      checks.equal(
        step.settle.count,
        step.tollAnswers['202'] ?? 0,
        `${step.label}: every exit SETTLED`,
      );
    }
    const settledTotal = await countRows(
      db.url,
      "SELECT count(*) AS n FROM toll_charges WHERE status = 'SETTLED'",
    );
    checks.equal(settledTotal, accepted.length, 'every accepted exit (warm-up included) SETTLED');
    checks.equal(
      await countRows(db.url, 'SELECT count(*) AS n FROM toll_charges'),
      accepted.length,
      'one charge per accepted exit',
    );
    checks.equal(
      await countRows(db.url, 'SELECT count(*) AS n FROM processed_events'),
      settledTotal,
      'one processed result per charge',
    );
    const deadLetters = await pipeline.deadLetterCounts();
    checks.equal(deadLetters.charges, 0, 'no charge dead-lettered');
    checks.equal(deadLetters.results, 0, 'no result dead-lettered');
    await pipeline.remove(ctx.log);
    checks.throwIfFailed();

    const down = steps.find((s) => s.faults.down);
    const cores = os.cpus().length;
    const loadText = `1-min load ${loadStart.toFixed(1)} → ${loadEnd.toFixed(1)} on ${cores} cores`;
    const busy = Math.max(loadStart, loadEnd, ...steps.map((s) => s.load1m)) > cores;
    const chart = syncVsAsyncChart(steps, {
      rate: size.rate,
      stepS: size.stepS,
      conditions: `${loadText}${busy ? ' (busy)' : ''}`,
    });
    return {
      title: '8. Sync vs async under a slow gateway',
      settings: {
        ...size,
        latencyStepsMs: LATENCY_STEPS_MS,
        tillDeadlineMs: TILL_DEADLINE_MS,
        deadlineSlackMs: DEADLINE_SLACK_MS,
        posApi: 'defaults (breaker included); POS_DEADLINE_MS from its config default',
        appLogLevel: BENCH_APP_LOG_LEVEL,
      },
      tables: [
        {
          title: `Per gateway step: ${size.rate} till payments/s and ${size.rate} toll exits/s for ${size.stepS} s (ms)`,
          columns: [
            'gateway',
            'till p50',
            'till p99',
            'till 201',
            'till 503',
            'till 504',
            'toll p50',
            'toll p99',
            'toll 202',
            'settled p50',
            'settled p99',
            'load 1m',
          ],
          rows: steps.map((s) => {
            const circuitOpen = s.tillAnswers['503 circuit_open'] ?? 0;
            const unavailable = countStatus(s.tillAnswers, '503');
            return [
              s.label,
              ms(s.till.p50),
              ms(s.till.p99),
              num(s.tillAnswers['201'] ?? 0),
              circuitOpen > 0 ? `${unavailable} (${circuitOpen} breaker open)` : num(unavailable),
              num(countStatus(s.tillAnswers, '504')),
              ms(s.toll.p50),
              ms(s.toll.p99),
              num(s.tollAnswers['202'] ?? 0),
              ms(s.settle.p50),
              ms(s.settle.p99),
              s.load1m.toFixed(1),
            ];
          }),
          note:
            `The till (pos-api, POST /pos/payments) answers after the gateway, within its deadline of ${TILL_DEADLINE_MS} ms ` +
            `(POS_DEADLINE_MS default): past it, 504; with the gateway failing, its breaker opens and it answers 503 at once. ` +
            `The toll (toll-api, POST /toll/exits) answers 202 after its own transaction; "settled" is exit sent → db-sink commits SETTLED. ` +
            (down?.gatewayBackAfterMs !== undefined && down.settleAfterBack
              ? `"down": the gateway came back ${(down.gatewayBackAfterMs / 1000).toFixed(1)} s after the step's first exit, and "settled" counts from the exit, through the outage; ` +
                `counted from the gateway's return, p50 ${ms(down.settleAfterBack.p50)} / p99 ${ms(down.settleAfterBack.p99)} ms (the workers' retries back off while it is down). `
              : '') +
            'Both stories share the gateway and the machine.',
        },
      ],
      data: { steps, tillDeadlineMs: TILL_DEADLINE_MS, loadStart, loadEnd, cores },
      checks: checks.passed,
      findings: busy
        ? [
            `taken on a busy machine (${loadText}): absolute times are inflated; the shape across steps is the part to read`,
          ]
        : [],
      charts: [{ file: `${ctx.stamp}-sync-vs-async.svg`, svg: chart, title: CHART_TITLE }],
    };
  },
};
