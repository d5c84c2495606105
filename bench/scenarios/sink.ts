import { performance } from 'node:perf_hooks';
import { TOLL_CHARGE_STATUS_RANK } from '@paystream/db';
import { randomName, waitUntil, type AppProcess } from '@paystream/testing';
import type { TollChargeResultV1 } from '@paystream/contracts';
import { BENCH_APP_LOG_LEVEL, startBenchApp, stopBenchApps } from '../lib/bench-apps';
import { chargeSettled, plate, resultRecord } from '../lib/charge-events';
import { num, ratio } from '../lib/format';
import { benchKafka, createTopics, deleteTopics } from '../lib/kafka-helpers';
import { countRows, withPg } from '../lib/pg-helpers';
import { dbSinkEnv } from '../lib/pipeline/pipeline-env';
import { runProjectProducer } from '../lib/project-producer-run';
import { SanityChecks } from '../lib/sanity';
import type { Scenario, ScenarioContext, ScenarioOutput } from '../lib/scenario';
import { newCharges, seedPendingCharges } from '../lib/seed-charges';

const PLATES = 2_000;
/** How long the sink may take for the whole backlog on a loaded machine before the run is called failed. */
const DRAIN_TIMEOUT_MS = 10 * 60_000;
/** Completion is seen at most this late (a bias against the sink of one poll). */
const POLL_MS = 250;

/**
 * The anchor: the sink's two writes (ledger insert + forward-only update) as
 * one multi-row statement each per batch, straight from memory with `pg`. The
 * UPDATE bounds its scan by primary key as the sink's does (without it the
 * planner hashes the whole table per batch, see charge-results.sql.ts).
 */
async function bareUpsert(
  url: string,
  results: TollChargeResultV1[],
  batchSize: number,
  topic: string,
): Promise<number> {
  return withPg(url, async (client) => {
    const started = performance.now();
    for (let i = 0; i < results.length; i += batchSize) {
      const batch = results.slice(i, i + batchSize);
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO processed_events (event_id, topic, kafka_partition, kafka_offset, charge_id, outcome)
         SELECT e, $2, 0, o, c, 'SETTLED' FROM unnest($1::uuid[], $3::bigint[], $4::uuid[]) AS t(e, o, c)
         ON CONFLICT (event_id) DO NOTHING`,
        [
          batch.map((r) => r.eventId),
          topic,
          batch.map((_, j) => i + j),
          batch.map((r) => r.chargeId),
        ],
      );
      await client.query(
        `UPDATE toll_charges t SET status = 'SETTLED', status_rank = $4, attempts = 1, gateway_charge_id = v.g,
                settled_at = v.d, updated_at = now()
         FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS v(id, g, d)
         WHERE t.id = v.id AND t.id = ANY($1::uuid[]) AND t.status_rank < $4`,
        [
          batch.map((r) => r.chargeId),
          batch.map((r) => r.gatewayChargeId),
          batch.map((r) => r.decidedAt),
          TOLL_CHARGE_STATUS_RANK.SETTLED,
        ],
      );
      await client.query('COMMIT');
    }
    return (performance.now() - started) / 1000;
  });
}

export const sinkScenario: Scenario = {
  name: 'sink',
  async run(ctx: ScenarioContext): Promise<ScenarioOutput> {
    const size = ctx.sizes.sink;
    const checks = new SanityChecks('sink');
    const cluster = await ctx.infra.kafkaCluster(1);
    const kafka = benchKafka(cluster.bootstrapServers);
    const sinkDb = await ctx.infra.database();
    const bareDb = await ctx.infra.database();
    ctx.memory.watch(ctx.infra.kafkaWatch(cluster), { ownedByScenario: false });
    ctx.memory.watch(ctx.infra.postgresWatch(sinkDb.name), { ownedByScenario: false });
    const plates = Array.from({ length: size.results }, (_, i) => plate(i % PLATES));
    const charges = newCharges(plates);
    // The baseline writes the same results for the same charge ids in its own database.
    await withPg(sinkDb.url, (c) => seedPendingCharges(c, charges));
    await withPg(bareDb.url, (c) => seedPendingCharges(c, charges));
    const results = charges.map((c) => chargeSettled(c.chargeId, c.plate));

    const topic = randomName('bench-results');
    const dlq = randomName('bench-results-dlq');
    await createTopics(kafka, [
      { name: topic, partitions: size.partitions, replicationFactor: 1 },
      { name: dlq, partitions: 1, replicationFactor: 1 },
    ]);
    let sink: AppProcess | undefined;
    let wallS: number;
    let sinkSpanS: number;
    try {
      ctx.log(`publishing ${num(size.results)} results`);
      const published = await runProjectProducer({
        brokers: cluster.bootstrapServers,
        topic,
        acks: 'all',
        records: results.map(resultRecord),
        batchSize: 500,
        inFlight: 4,
      });
      checks.equal(published.errors, 0, 'every result published');
      ctx.log('starting db-sink on the backlog');
      const started = performance.now();
      sink = await startBenchApp(
        ctx,
        'db-sink',
        dbSinkEnv({
          databaseUrl: sinkDb.url,
          brokers: cluster.bootstrapServers.join(','),
          resultsTopic: topic,
          resultsDlqTopic: dlq,
          group: randomName('bench-sink'),
        }),
      );
      const running = sink;
      // One session, probing every 250 ms: a new connection and a full count every 50 ms took a
      // large share of the 2 cores from the sink it was timing. The span comes from the database's
      // own clock, first batch's transaction start to the last one's, whatever the probe's pace.
      sinkSpanS = await withPg(sinkDb.url, async (c) => {
        await waitUntil(
          async () => {
            if (running.hasExited)
              throw new Error(`db-sink exited: ${running.logs.slice(-5).join(' | ')}`);
            const { rows } = await c.query<{ n: string }>(
              'SELECT count(*) AS n FROM processed_events',
            );
            return Number(rows[0].n) >= size.results ? true : undefined;
          },
          {
            timeoutMs: DRAIN_TIMEOUT_MS,
            intervalMs: POLL_MS,
            description: `${size.results} results written by db-sink`,
          },
        );
        const { rows } = await c.query<{ s: string }>(
          'SELECT extract(epoch FROM max(processed_at) - min(processed_at)) AS s FROM processed_events',
        );
        return Number(rows[0].s);
      });
      wallS = (performance.now() - started) / 1000;
      await ctx.memory.sample();
    } finally {
      await stopBenchApps([sink], ctx.log);
      await deleteTopics(kafka, [topic, dlq]).catch((e: unknown) =>
        ctx.log(`topic cleanup: ${String(e)}`),
      );
    }
    const settledBySink = await countRows(
      sinkDb.url,
      "SELECT count(*) AS n FROM toll_charges WHERE status = 'SETTLED'",
    );
    checks.equal(settledBySink, size.results, 'db-sink settled every charge exactly once');
    checks.equal(
      await countRows(sinkDb.url, 'SELECT count(*) AS n FROM processed_events'),
      size.results,
      'db-sink wrote one ledger row per result',
    );

    ctx.log('bare multi-row upsert');
    const bareS = await bareUpsert(bareDb.url, results, size.baselineBatchSize, topic);
    checks.equal(
      await countRows(
        bareDb.url,
        "SELECT count(*) AS n FROM toll_charges WHERE status = 'SETTLED'",
      ),
      size.results,
      'baseline settled every charge',
    );
    await sinkDb.drop();
    await bareDb.drop();
    checks.throwIfFailed();

    const sinkRate = size.results / Math.max(sinkSpanS, 1e-3);
    const bareRate = size.results / bareS;
    return {
      title: '5. Sink (Kafka → Postgres)',
      settings: {
        ...size,
        appLogLevel: BENCH_APP_LOG_LEVEL,
        sinkPartitionsConsumedConcurrently: 'app default',
      },
      tables: [
        {
          title: `Results written per second (${num(size.results)} results)`,
          columns: ['writer', 'results/s', 'seconds'],
          rows: [
            ['Paystream db-sink (first write → all written)', num(sinkRate), sinkSpanS.toFixed(1)],
            [
              'Paystream db-sink (process start → all written)',
              num(size.results / wallS),
              wallS.toFixed(1),
            ],
            [
              `bare pg multi-row upsert (batches of ${size.baselineBatchSize})`,
              num(bareRate),
              bareS.toFixed(1),
            ],
            ['db-sink / baseline', ratio(sinkRate, bareRate), ''],
          ],
          note:
            'The sink reads from Kafka, validates, and writes each fetched batch in one transaction with a fixed number of set-based statements ' +
            '(lock and read the charges, ledger insert, forward-only update); the baseline runs the ledger insert and the update as one ' +
            'multi-row statement each per batch, with no Kafka, no lock read and no validation.',
        },
      ],
      data: { results: size.results, sinkSpanS, wallS, bareS, sinkRate, bareRate },
      checks: checks.passed,
      findings: [],
      charts: [],
    };
  },
};
