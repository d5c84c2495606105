import { waitUntil } from '@paystream/testing';
import { BENCH_APP_LOG_LEVEL } from '../../lib/bench-apps';
import { num } from '../../lib/format';
import { topicRecordCount } from '../../lib/kafka-helpers';
import { summarize } from '../../lib/percentiles';
import { BenchPipeline } from '../../lib/pipeline/bench-pipeline';
import { countRows, withPg } from '../../lib/pg-helpers';
import { SanityChecks } from '../../lib/sanity';
import type { Scenario, ScenarioContext, ScenarioOutput } from '../../lib/scenario';
import { postExitsFlatOut } from './capacity-probe';
import { endToEndTables, LatencyLegs, PipelineCapacity } from './end-to-end-tables';
import { stageCapacity } from './stage-capacity';
import { postSteadyExits, SteadyExits } from './steady-exits';

/** Half of the measured capacity: a steady load the system should carry without queueing up. */
const LOAD_FRACTION = 0.5;
const SETTLE_TIMEOUT_MS = 10 * 60_000;
/** Concurrent posting loops of the capacity probe: enough to keep every stage busy. */
const PROBE_CONNECTIONS = 8;

export const endToEndScenario: Scenario = {
  name: 'end-to-end',
  async run(ctx: ScenarioContext): Promise<ScenarioOutput> {
    const size = ctx.sizes.endToEnd;
    const checks = new SanityChecks('end-to-end');
    const stages = stageCapacity(ctx, size.workers);
    const pipeline = await BenchPipeline.prepare(ctx, {
      name: 'bench-e2e',
      partitions: size.partitions,
    });
    const { db } = pipeline;
    const allSettled = (expected: number, what: string) =>
      waitUntil(
        async () => {
          pipeline.assertAllRunning();
          const settled = await countRows(
            db.url,
            "SELECT count(*) AS n FROM toll_charges WHERE status <> 'PENDING'",
          );
          return settled >= expected;
        },
        {
          timeoutMs: SETTLE_TIMEOUT_MS,
          intervalMs: 250,
          description: `${expected} charges settled (${what})`,
        },
      );
    let probe: PipelineCapacity;
    let rate: number;
    let source: string;
    let steady: SteadyExits;
    let tollErrors: string[];
    try {
      await pipeline.start(ctx, { name: 'bench-e2e', ...size });
      const tollUrl = pipeline.toll.url;

      // 1. Capacity of the whole pipeline on this machine: post as fast as PROBE_CONNECTIONS
      // loops can for probeS seconds, then time until the last of them is settled.
      ctx.log(`capacity probe: ${PROBE_CONNECTIONS} connections for ${size.probeS} s, then drain`);
      const probeStarted = Date.now();
      const flatOut = await postExitsFlatOut(tollUrl, size.probeS, PROBE_CONNECTIONS);
      await allSettled(flatOut.accepted, 'capacity probe');
      const seconds = (Date.now() - probeStarted) / 1_000;
      const capacity = flatOut.accepted / seconds;
      probe = { accepted: flatOut.accepted, refused: flatOut.refused, seconds, capacity };
      rate = Math.max(1, Math.floor(capacity * LOAD_FRACTION));
      source = `${LOAD_FRACTION * 100}% of the pipeline's measured capacity (${num(capacity)} settled/s: ${num(probe.accepted)} exits in ${seconds.toFixed(1)} s, posted to settled)`;

      // 2. Latency at half that capacity.
      ctx.log(`posting exits at ${rate}/s for ${size.durationS} s (${source})`);
      steady = await postSteadyExits(tollUrl, rate, size.durationS, flatOut.posted);
      await allSettled(probe.accepted + steady.sentAt.size, 'steady phase');
      await ctx.memory.sample();
    } finally {
      tollErrors =
        pipeline.apps
          .find((a) => a.options.app === 'toll-api')
          ?.logs.filter((l) => /"level":(50|60)|error/i.test(l))
          .slice(-3) ?? [];
      await pipeline.stop(ctx.log);
    }
    const { posted, sentAt, statuses } = steady;
    // Every clock below is this host's: the sink stamps updated_at = now() in the transaction that
    // settles the charge, the relay published_at = now() once Kafka took the batch, and settled_at
    // is when the worker decided (the gateway's answer), so the latency splits into its legs.
    const settled = await withPg(
      db.url,
      async (c) =>
        (
          await c.query<{ id: string; at: string; published: string | null; decided: string }>(
            `SELECT c.id::text AS id, extract(epoch FROM c.updated_at) * 1000 AS at,
               extract(epoch FROM o.published_at) * 1000 AS published,
               extract(epoch FROM c.settled_at) * 1000 AS decided
             FROM toll_charges c
             LEFT JOIN outbox_events o ON o.aggregate_type = 'toll_charge' AND o.aggregate_id = c.id::text
             WHERE c.status = 'SETTLED'`,
          )
        ).rows,
    );
    const steadySettled = settled.filter((r) => sentAt.has(r.id));
    const latency = summarize(steadySettled.map((r) => Number(r.at) - sentAt.get(r.id)!));
    const leg = (
      from: (r: (typeof settled)[number]) => number,
      to: (r: (typeof settled)[number]) => number,
    ) => summarize(steadySettled.map((r) => to(r) - from(r)).filter(Number.isFinite));
    const legs: LatencyLegs = {
      toPublished: leg(
        (r) => sentAt.get(r.id)!,
        (r) => Number(r.published ?? Number.NaN),
      ),
      toDecided: leg(
        (r) => Number(r.published ?? Number.NaN),
        (r) => Number(r.decided),
      ),
      toSettled: leg(
        (r) => Number(r.decided),
        (r) => Number(r.at),
      ),
    };
    checks.check(
      posted.failed === 0,
      'every exit answered 202',
      `answers: ${JSON.stringify(Object.fromEntries(statuses))}; toll-api errors: ${tollErrors.join(' | ').slice(0, 1_500)}`,
    );
    checks.equal(steadySettled.length, sentAt.size, 'every charge of the steady phase SETTLED');
    checks.equal(
      settled.length,
      sentAt.size + probe.accepted,
      'every accepted charge (probe and steady) SETTLED',
    );
    checks.equal(
      await countRows(db.url, 'SELECT count(*) AS n FROM processed_events'),
      settled.length,
      'one processed result per charge',
    );
    const { kafka, topics } = pipeline;
    checks.equal(await topicRecordCount(kafka, topics.chargesDlq), 0, 'no charge dead-lettered');
    checks.equal(await topicRecordCount(kafka, topics.resultsDlq), 0, 'no result dead-lettered');
    await pipeline.remove(ctx.log);
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
      tables: endToEndTables({
        ...size,
        connections: PROBE_CONNECTIONS,
        probe,
        stages,
        rate,
        source,
        latency,
        legs,
      }),
      data: { rate, source, probe, stages, latency, legs, statuses: Object.fromEntries(statuses) },
      checks: checks.passed,
      findings: [],
      charts: [],
    };
  },
};
