import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { PAYMENT_MODE_HEADER, POS_ERROR_CODES, TEST_CARD_TOKENS } from '@paystream/contracts';
import { randomName, type AppProcess } from '@paystream/testing';
import { BENCH_APP_LOG_LEVEL, startBenchApp, stopBenchApps } from '../lib/bench-apps';
import { ms } from '../lib/format';
import { BENCH_ADMIN_TOKEN, setGatewayFaults } from '../lib/gateway-faults';
import { runLoad, type LoadResult } from '../lib/http-load';
import { summarize, type LatencySummary } from '../lib/percentiles';
import { SanityChecks } from '../lib/sanity';
import { tillPaymentBody } from '../lib/till-payment';
import type { Scenario, ScenarioContext, ScenarioOutput } from '../lib/scenario';

/** Long enough that the breaker stays open for the whole 503 measurement. */
const BREAKER_RESET_TIMEOUT_MS = 120_000;
/**
 * The breaker counts failures over a rolling window; the load phases fill it
 * with successes, so the window is let run out before the outage (else the
 * error percentage would need hundreds of failures to cross its threshold).
 */
const BREAKER_ROLLING_WINDOW_MS = 5_000;
/** Requests sent while the gateway is down before giving up on seeing the breaker open. */
const MAX_REQUESTS_TO_OPEN = 100;

const gatewayCharge = () => ({
  headers: { 'idempotency-key': `bench-${randomUUID()}` },
  body: JSON.stringify({
    amount: 1299,
    currency: 'EUR',
    cardToken: TEST_CARD_TOKENS.approve,
    reference: 'bench',
  }),
});

const tillPayment =
  (extra: Record<string, string> = {}) =>
  () => ({
    headers: { 'idempotency-key': `bench-${randomUUID()}`, ...extra },
    body: tillPaymentBody(),
  });

async function timedPost(
  url: string,
  req: { headers: Record<string, string>; body: string },
): Promise<{ ms: number; status: number; error?: string }> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...req.headers },
    body: req.body,
  });
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  return { ms: performance.now() - started, status: res.status, error: body.error };
}

export const tillScenario: Scenario = {
  name: 'till',
  async run(ctx: ScenarioContext): Promise<ScenarioOutput> {
    const size = ctx.sizes.till;
    const checks = new SanityChecks('till');
    const db = await ctx.infra.database();
    const redisUrl = await ctx.infra.redisUrl();
    ctx.memory.watch(ctx.infra.postgresWatch(db.name), { ownedByScenario: false });
    ctx.memory.watch(await ctx.infra.redisWatch(), { ownedByScenario: false });
    let gateway: AppProcess | undefined;
    let pos: AppProcess | undefined;
    const loads: Record<'gateway' | 'sync' | 'queue', LoadResult | undefined> = {
      gateway: undefined,
      sync: undefined,
      queue: undefined,
    };
    let openLatency: LatencySummary | undefined;
    let requestsToOpen = 0;
    const breakerStatuses = new Map<string, number>();
    try {
      gateway = await startBenchApp(ctx, 'payment-gateway', {
        DATABASE_URL: db.url,
        ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      });
      await setGatewayFaults(gateway.url, { latencyMs: size.gatewayLatencyMs, jitterMs: 0 });
      pos = await startBenchApp(ctx, 'pos-api', {
        DATABASE_URL: db.url,
        REDIS_URL: redisUrl,
        GATEWAY_URL: gateway.url,
        QUEUE_PREFIX: randomName('bench-pos'),
        BREAKER_RESET_TIMEOUT_MS: String(BREAKER_RESET_TIMEOUT_MS),
        BREAKER_ROLLING_WINDOW_MS: String(BREAKER_ROLLING_WINDOW_MS),
      });
      const common = {
        connections: size.connections,
        durationS: size.durationS,
        method: 'POST' as const,
      };
      for (const [name, url, make] of [
        ['gateway', `${gateway.url}/v1/charges`, gatewayCharge],
        ['sync', `${pos.url}/pos/payments`, tillPayment()],
        ['queue', `${pos.url}/pos/payments`, tillPayment({ [PAYMENT_MODE_HEADER]: 'queue' })],
      ] as const) {
        // A short unmeasured warm-up (JIT, pools), then the measured run.
        await runLoad({ ...common, durationS: 1, url, makeRequest: make });
        loads[name] = await runLoad({ ...common, url, makeRequest: make });
        ctx.log(
          `${name}: p50 ${ms(loads[name]?.p50)} ms, p99 ${ms(loads[name]?.p99)} ms, non-2xx ${loads[name]?.non2xx}`,
        );
      }

      // The breaker: take the gateway down and keep paying until the till answers circuit_open.
      await sleep(BREAKER_ROLLING_WINDOW_MS + 1_000);
      await setGatewayFaults(gateway.url, { down: true });
      for (; requestsToOpen < MAX_REQUESTS_TO_OPEN; requestsToOpen += 1) {
        const r = await timedPost(`${pos.url}/pos/payments`, tillPayment()());
        if (r.error === POS_ERROR_CODES.circuitOpen) break;
      }
      const samples: number[] = [];
      for (let i = 0; i < size.breakerSamples; i += 1) {
        const r = await timedPost(`${pos.url}/pos/payments`, tillPayment()());
        const key = `${r.status} ${r.error ?? ''}`;
        breakerStatuses.set(key, (breakerStatuses.get(key) ?? 0) + 1);
        samples.push(r.ms);
      }
      openLatency = summarize(samples);
      await ctx.memory.sample();
    } finally {
      await stopBenchApps([pos, gateway], ctx.log);
    }
    await db.drop();
    for (const [name, load] of Object.entries(loads)) {
      checks.check(!!load && load.ok > 0, `${name}: requests answered`);
      checks.equal(load?.non2xx ?? -1, 0, `${name}: no non-2xx answers`);
      checks.equal(
        (load?.errors ?? -1) + (load?.timeouts ?? 0),
        0,
        `${name}: no connection errors`,
      );
    }
    checks.check(
      requestsToOpen < MAX_REQUESTS_TO_OPEN,
      'the breaker opened while the gateway was down',
    );
    checks.equal(
      breakerStatuses.get(`503 ${POS_ERROR_CODES.circuitOpen}`) ?? 0,
      size.breakerSamples,
      'every open-breaker answer was 503 circuit_open',
    );
    checks.throwIfFailed();

    const g = loads.gateway as LoadResult;
    const s = loads.sync as LoadResult;
    const q = loads.queue as LoadResult;
    const row = (name: string, r: LoadResult) => [
      name,
      ms(r.p50),
      ms(r.p99),
      ms(r.p50 - g.p50),
      ms(r.p99 - g.p99),
      r.okPerSec.toFixed(0),
    ];
    return {
      title: '6. Till (synchronous payments)',
      settings: {
        ...size,
        breakerResetTimeoutMs: BREAKER_RESET_TIMEOUT_MS,
        breakerRollingWindowMs: BREAKER_ROLLING_WINDOW_MS,
        appLogLevel: BENCH_APP_LOG_LEVEL,
      },
      tables: [
        {
          title: `Latency (ms) at ${size.connections} connections, gateway fixed at ${size.gatewayLatencyMs} ms`,
          columns: ['path', 'p50', 'p99', 'added p50', 'added p99', 'ok/s'],
          rows: [
            row('gateway alone (POST /v1/charges)', g),
            row('till → gateway (sync)', s),
            row('till → BullMQ → worker → gateway (hybrid)', q),
          ],
          note: '"added" = this path minus the gateway alone, measured in the same run: what the till itself costs (its own writes, idempotency, breaker; the queue hop in hybrid mode).',
        },
        {
          title: 'Breaker open (gateway down)',
          columns: ['measure', 'p50', 'p99', 'max', 'samples'],
          rows: [
            [
              '503 circuit_open answer',
              ms(openLatency?.p50),
              ms(openLatency?.p99),
              ms(openLatency?.max),
              String(openLatency?.count ?? 0),
            ],
          ],
          note: `The breaker opened after ${requestsToOpen} failed payment(s); then the till answers without calling the gateway at all.`,
        },
      ],
      data: {
        loads,
        openLatency,
        requestsToOpen,
        breakerStatuses: Object.fromEntries(breakerStatuses),
      },
      checks: checks.passed,
      findings: [],
      charts: [],
    };
  },
};
