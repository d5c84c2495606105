import { randomUUID } from 'node:crypto';
import { TEST_CARD_TOKENS } from '@paystream/contracts';
import { randomName, waitUntil, type AppProcess } from '@paystream/testing';
import { BENCH_APP_LOG_LEVEL, startBenchApp, stopBenchApps } from '../lib/bench-apps';
import { ms, num } from '../lib/format';
import { BENCH_ADMIN_TOKEN, setGatewayFaults } from '../lib/gateway-faults';
import { waitForStableGroup } from '../lib/group-wait';
import { benchKafka, createTopics, deleteTopics, topicRecordCount } from '../lib/kafka-helpers';
import { summarize } from '../lib/percentiles';
import { countRows, withPg } from '../lib/pg-helpers';
import { SanityChecks } from '../lib/sanity';
import type { Scenario, ScenarioContext, ScenarioOutput } from '../lib/scenario';
import { atSteadyRate } from '../lib/steady-rate';
import type { WorkerModeResult } from './charge-workers';
import type { LoadResult } from '../lib/http-load';

const PLATES = 5_000;
/** Half of the measured capacity: a steady load the system should carry without queueing up. */
const LOAD_FRACTION = 0.5;
const SETTLE_TIMEOUT_MS = 10 * 60_000;
const GROUP_TIMEOUT_MS = 120_000;

/** 50% of the slowest measured stage (intake or settling), when those scenarios ran before this one. */
function chooseRate(ctx: ScenarioContext, workers: number): { rate: number; source: string } {
  const modes = ctx.earlier.get('charge-workers')?.data.modes as WorkerModeResult[] | undefined;
  const settle = modes?.find((m) => m.mode === 'on')?.steps.find((s) => s.workers === workers)?.settledPerSec;
  const intake = (ctx.earlier.get('toll-intake')?.data.paystream as { run: LoadResult } | undefined)?.run.okPerSec;
  const capacities = [settle, intake].filter((c): c is number => c !== undefined && Number.isFinite(c) && c > 0);
  if (capacities.length === 0) return { rate: ctx.sizes.endToEnd.fallbackRate, source: 'fixed fallback (scenarios 1 and 4 not run)' };
  const capacity = Math.min(...capacities);
  return {
    rate: Math.max(1, Math.floor(capacity * LOAD_FRACTION)),
    source: `${LOAD_FRACTION * 100}% of min(intake ${num(intake)}/s, settling ${num(settle)}/s)`,
  };
}

export const endToEndScenario: Scenario = {
  name: 'end-to-end',
  async run(ctx: ScenarioContext): Promise<ScenarioOutput> {
    const size = ctx.sizes.endToEnd;
    const checks = new SanityChecks('end-to-end');
    const { rate, source } = chooseRate(ctx, size.workers);
    const cluster = await ctx.infra.kafkaCluster(1);
    const kafka = benchKafka(cluster.bootstrapServers);
    const redisUrl = await ctx.infra.redisUrl();
    const db = await ctx.infra.database();
    const gatewayDb = await ctx.infra.database();
    ctx.memory.watch(ctx.infra.kafkaWatch(cluster), { ownedByScenario: false });
    ctx.memory.watch(ctx.infra.postgresWatch(db.name), { ownedByScenario: false });
    ctx.memory.watch(ctx.infra.postgresWatch(gatewayDb.name), { ownedByScenario: false });
    ctx.memory.watch(await ctx.infra.redisWatch(), { ownedByScenario: false });
    const topics = {
      charges: randomName('bench-e2e-charges'),
      results: randomName('bench-e2e-results'),
      chargesDlq: randomName('bench-e2e-charges-dlq'),
      resultsDlq: randomName('bench-e2e-results-dlq'),
    };
    await createTopics(kafka, [
      { name: topics.charges, partitions: size.partitions, replicationFactor: 1 },
      { name: topics.results, partitions: size.partitions, replicationFactor: 1 },
      { name: topics.chargesDlq, partitions: 1, replicationFactor: 1 },
      { name: topics.resultsDlq, partitions: 1, replicationFactor: 1 },
    ]);
    const brokers = cluster.bootstrapServers.join(',');
    const apps: AppProcess[] = [];
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
      const sinkGroup = randomName('bench-e2e-sink');
      const gateway = await startBenchApp(ctx.memory, 'payment-gateway', { DATABASE_URL: gatewayDb.url, ADMIN_TOKEN: BENCH_ADMIN_TOKEN });
      apps.push(gateway);
      await setGatewayFaults(gateway.url, { latencyMs: size.gatewayLatencyMs, jitterMs: 0 });
      const toll = await startBenchApp(ctx.memory, 'toll-api', { DATABASE_URL: db.url, TOLL_CHARGES_TOPIC: topics.charges });
      apps.push(toll);
      apps.push(
        await startBenchApp(ctx.memory, 'outbox-relay', {
          DATABASE_URL: db.url,
          KAFKA_BROKERS: brokers,
          KAFKA_PROVISION_ON_START: 'false',
          RELAY_LOCK_KEY: String(Math.floor(Math.random() * 1_000_000_000)),
        }),
      );
      apps.push(
        await startBenchApp(ctx.memory, 'db-sink', {
          DATABASE_URL: db.url,
          KAFKA_BROKERS: brokers,
          CHARGE_RESULTS_TOPIC: topics.results,
          CHARGE_RESULTS_DLQ_TOPIC: topics.resultsDlq,
          CONSUMER_GROUP: sinkGroup,
        }),
      );
      const group = randomName('bench-e2e-workers');
      const retryQueue = randomName('bench-e2e-retries');
      const retryPrefix = randomName('bench');
      for (let k = 1; k <= size.workers; k += 1) {
        apps.push(
          await startBenchApp(
            ctx.memory,
            'charge-worker',
            {
              KAFKA_BROKERS: brokers,
              CHARGES_TOPIC: topics.charges,
              CHARGE_RESULTS_TOPIC: topics.results,
              CHARGES_DLQ_TOPIC: topics.chargesDlq,
              CONSUMER_GROUP: group,
              GATEWAY_URL: gateway.url,
              REDIS_URL: redisUrl,
              RETRY_QUEUE_NAME: retryQueue,
              RETRY_QUEUE_PREFIX: retryPrefix,
            },
            `charge-worker #${k}`,
          ),
        );
      }
      // Exits posted while a group is still forming would measure the rebalance, not the pipeline.
      await waitForStableGroup(kafka, group, size.workers, GROUP_TIMEOUT_MS);
      await waitForStableGroup(kafka, sinkGroup, 1, GROUP_TIMEOUT_MS);
      ctx.log(`posting exits at ${rate}/s for ${size.durationS} s (${source})`);
      posted = await atSteadyRate(rate, size.durationS, async (i) => {
        const started = Date.now();
        const res = await fetchOrRecord(`${toll.url}/toll/exits`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${randomUUID()}` },
          body: JSON.stringify({
            plazaId: 'PLZ-B',
            laneId: 'L03',
            plate: `BN-${String(i % PLATES).padStart(5, '0')}`,
            vehicleClass: 'car',
            cardToken: TEST_CARD_TOKENS.approve,
            entryPlazaId: 'PLZ-A',
          }),
        });
        if (!res) return;
        statuses.set(String(res.status), (statuses.get(String(res.status)) ?? 0) + 1);
        const body = (await res.json()) as { chargeId?: string };
        if (res.status !== 202 || !body.chargeId) throw new Error(`exit answered ${res.status}`);
        sentAt.set(body.chargeId, started);
      });
      await waitUntil(
        async () => {
          for (const a of apps) if (a.hasExited) throw new Error(`${a.options.app} exited: ${a.logs.slice(-5).join(' | ')}`);
          return (await countRows(db.url, "SELECT count(*) AS n FROM toll_charges WHERE status <> 'PENDING'")) >= sentAt.size;
        },
        { timeoutMs: SETTLE_TIMEOUT_MS, intervalMs: 250, description: `${sentAt.size} charges settled` },
      );
      await ctx.memory.sample();
    } finally {
      tollErrors = apps.find((a) => a.options.app === 'toll-api')?.logs.filter((l) => /"level":(50|60)|error/i.test(l)).slice(-3) ?? [];
      await stopBenchApps(apps, ctx.log);
    }
    // The sink stamps updated_at = now() in the transaction that settles the charge (same host clock as Date.now()).
    const settled = await withPg(db.url, async (c) =>
      (await c.query<{ id: string; at: string }>("SELECT id::text AS id, extract(epoch FROM updated_at) * 1000 AS at FROM toll_charges WHERE status = 'SETTLED'")).rows,
    );
    const latencies = settled.map((r) => Number(r.at) - (sentAt.get(r.id) ?? Number.NaN)).filter(Number.isFinite);
    const latency = summarize(latencies);
    checks.check(posted.failed === 0, 'every exit answered 202', `answers: ${JSON.stringify(Object.fromEntries(statuses))}; toll-api errors: ${tollErrors.join(' | ').slice(0, 1_500)}`);
    checks.equal(settled.length, sentAt.size, 'every charge SETTLED');
    checks.equal(await countRows(db.url, 'SELECT count(*) AS n FROM processed_events'), sentAt.size, 'one processed result per charge');
    checks.equal(await topicRecordCount(kafka, topics.chargesDlq), 0, 'no charge dead-lettered');
    checks.equal(await topicRecordCount(kafka, topics.resultsDlq), 0, 'no result dead-lettered');
    await deleteTopics(kafka, Object.values(topics)).catch((e: unknown) => ctx.log(`topic cleanup: ${String(e)}`));
    await db.drop();
    await gatewayDb.drop();
    checks.throwIfFailed();

    return {
      title: '7. End to end (exit → settled in the database)',
      settings: { ...size, rate, rateSource: source, appLogLevel: BENCH_APP_LOG_LEVEL },
      tables: [
        {
          title: `Exit → SETTLED latency (ms) at ${rate} exits/s for ${size.durationS} s`,
          columns: ['measure', 'p50', 'p90', 'p99', 'max', 'charges'],
          rows: [['POST /toll/exits sent → sink commits SETTLED', ms(latency.p50), ms(latency.p90), ms(latency.p99), ms(latency.max), String(latency.count)]],
          note: `Rate: ${source}. Path: toll-api → outbox → relay (acks=all) → ${size.workers} charge workers → gateway (${size.gatewayLatencyMs} ms) → results → db-sink.`,
        },
      ],
      data: { rate, source, latency, statuses: Object.fromEntries(statuses) },
      checks: checks.passed,
      findings: [],
      charts: [],
    };
  },
};
