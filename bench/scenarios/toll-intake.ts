import { randomUUID } from 'node:crypto';
import { TEST_CARD_TOKENS } from '@paystream/contracts';
import { BENCH_APP_LOG_LEVEL, startBenchApp, stopBenchApps } from '../lib/bench-apps';
import { ms, num, ratio } from '../lib/format';
import { runLoad, type LoadResult } from '../lib/http-load';
import { countRows } from '../lib/pg-helpers';
import { SanityChecks } from '../lib/sanity';
import type { Scenario, ScenarioContext, ScenarioOutput } from '../lib/scenario';
import { ScriptProcess } from '../lib/script-process';
import type { AppProcess } from '@paystream/testing';

/** Same pool size for both sides: the database work is the same, only the code around it differs. */
const POOL_MAX = 10;
const PLATES = 1_000;
const PRIMING_ROUNDS = 3;

function exitRequest() {
  const n = Math.floor(Math.random() * PLATES);
  return {
    headers: { 'idempotency-key': `bench-${randomUUID()}` },
    body: JSON.stringify({
      plazaId: 'PLZ-B',
      laneId: 'L03',
      plate: `BN-${String(n).padStart(5, '0')}`,
      vehicleClass: 'car',
      cardToken: TEST_CARD_TOKENS.approve,
      entryPlazaId: 'PLZ-A',
    }),
  };
}

export const tollIntakeScenario: Scenario = {
  name: 'toll-intake',
  async run(ctx: ScenarioContext): Promise<ScenarioOutput> {
    const size = ctx.sizes.tollIntake;
    const checks = new SanityChecks('toll-intake');
    const paystreamDb = await ctx.infra.database();
    const baselineDb = await ctx.infra.database();
    ctx.memory.watch(ctx.infra.postgresWatch(paystreamDb.name), { ownedByScenario: false });
    ctx.memory.watch(ctx.infra.postgresWatch(baselineDb.name), { ownedByScenario: false });
    ctx.memory.watch(
      { name: 'bench runner (autocannon)', kind: 'tool', pids: () => [process.pid] },
      { ownedByScenario: false },
    );

    const primed = new Map<string, number>();
    let app: AppProcess | undefined;
    let baseline: ScriptProcess | undefined;
    const measure = async (
      label: string,
      url: string,
    ): Promise<{ warm: LoadResult; run: LoadResult }> => {
      ctx.log(
        `${label}: warm-up ${size.warmupS}s, then ${size.durationS}s at ${size.connections} connections`,
      );
      // Priming: every pool connection opened and the code paths warmed before anything is timed
      // (a cold Nest process answers its first requests in seconds on a busy machine).
      for (let round = 0; round < PRIMING_ROUNDS; round += 1) {
        await Promise.all(
          Array.from({ length: size.connections }, async () => {
            const req = exitRequest();
            const res = await fetch(`${url}/toll/exits`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...req.headers },
              body: req.body,
            });
            primed.set(label, (primed.get(label) ?? 0) + (res.status === 202 ? 1 : 0));
          }),
        );
      }
      const common = {
        url: `${url}/toll/exits`,
        connections: size.connections,
        method: 'POST' as const,
        makeRequest: exitRequest,
      };
      const warm = await runLoad({ ...common, durationS: size.warmupS });
      const run = await runLoad({ ...common, durationS: size.durationS });
      ctx.log(
        `${label}: ${num(run.okPerSec)} exits/s, p99 ${ms(run.p99)} ms, non-2xx ${run.non2xx}, errors ${run.errors}`,
      );
      return { warm, run };
    };
    let paystream: { warm: LoadResult; run: LoadResult };
    let bare: { warm: LoadResult; run: LoadResult };
    try {
      app = await startBenchApp(ctx, 'toll-api', {
        DATABASE_URL: paystreamDb.url,
        DATABASE_POOL_MAX: String(POOL_MAX),
      });
      paystream = await measure('toll-api', app.url);
      await stopBenchApps([app], ctx.log);
      app = undefined;
      baseline = await ScriptProcess.start(
        ctx.memory,
        'bare node:http + pg baseline',
        'bench/baselines/toll-intake-baseline.server.ts',
        {
          DATABASE_URL: baselineDb.url,
          DATABASE_POOL_MAX: String(POOL_MAX),
        },
      );
      bare = await measure('baseline', baseline.url);
    } finally {
      await ctx.memory.sample();
      await stopBenchApps([app], ctx.log);
      await baseline?.stop();
    }

    for (const [label, m, url] of [
      ['toll-api', paystream, paystreamDb.url],
      ['baseline', bare, baselineDb.url],
    ] as const) {
      const runs = [m.warm, m.run];
      const ok = runs.reduce((s, r) => s + r.ok, 0) + (primed.get(label) ?? 0);
      checks.equal(
        primed.get(label) ?? 0,
        PRIMING_ROUNDS * size.connections,
        `${label}: priming requests all answered 202`,
      );
      checks.equal(
        runs.reduce((s, r) => s + r.non2xx, 0),
        0,
        `${label}: no non-2xx answers`,
      );
      checks.equal(
        runs.reduce((s, r) => s + r.errors + r.timeouts, 0),
        0,
        `${label}: no connection errors or timeouts`,
      );
      checks.check(m.run.ok > 0, `${label}: answered at least one exit`);
      // autocannon may stop while a request is in flight: a row may exist whose answer was never counted.
      const exits = await countRows(url, 'SELECT count(*) AS n FROM toll_exits');
      const outbox = await countRows(url, 'SELECT count(*) AS n FROM outbox_events');
      checks.check(
        exits >= ok && exits <= ok + size.connections * runs.length,
        `${label}: one exit row per 202`,
        `${exits} rows for ${ok} answers`,
      );
      checks.equal(outbox, exits, `${label}: one outbox row per exit`);
    }
    await paystreamDb.drop();
    await baselineDb.drop();
    checks.throwIfFailed();

    const row = (name: string, r: LoadResult) => [
      name,
      num(r.okPerSec),
      ms(r.p50),
      ms(r.p99),
      String(r.non2xx),
      String(r.errors),
    ];
    return {
      title: '1. Toll intake (POST /toll/exits)',
      settings: {
        ...size,
        poolMax: POOL_MAX,
        appLogLevel: BENCH_APP_LOG_LEVEL,
        tool: 'autocannon (in the bench process)',
      },
      tables: [
        {
          title: `Exits/s and latency (ms) at ${size.connections} connections`,
          columns: ['server', 'exits/s', 'p50', 'p99', 'non-2xx', 'errors'],
          rows: [
            row('Paystream toll-api (NestJS, zod, SqlService on pg)', paystream.run),
            row('bare node:http + pg, same rows', bare.run),
            [
              'Paystream / baseline',
              ratio(paystream.run.okPerSec, bare.run.okPerSec),
              ratio(paystream.run.p50, bare.run.p50),
              ratio(paystream.run.p99, bare.run.p99),
              '',
              '',
            ],
          ],
          note: 'Both read the tariff and write the same three rows (exit, charge, outbox row) in one transaction (new keys: no lookup first), with the same pool size.',
        },
      ],
      data: { paystream, baseline: bare },
      checks: checks.passed,
      findings: [],
      charts: [],
    };
  },
};
