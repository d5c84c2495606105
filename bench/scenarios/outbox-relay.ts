import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { randomName, waitUntil, type AppProcess } from '@paystream/testing';
import { BENCH_APP_LOG_LEVEL, startBenchApp, stopBenchApps } from '../lib/bench-apps';
import { chargeRecord, chargeRequested, plate } from '../lib/charge-events';
import { ms, num, ratio } from '../lib/format';
import { benchKafka, committedRecordCount, createTopics, deleteTopics } from '../lib/kafka-helpers';
import { summarize } from '../lib/percentiles';
import { countRows, withPg } from '../lib/pg-helpers';
import { runProjectProducer } from '../lib/project-producer-run';
import { SanityChecks } from '../lib/sanity';
import type { Scenario, ScenarioContext, ScenarioOutput } from '../lib/scenario';
import { insertOutboxRows } from '../lib/seed-outbox';
import { outboxRelayEnv } from '../lib/pipeline/pipeline-env';
import { atSteadyRate } from '../lib/steady-rate';
import { TopicWatcher } from '../lib/topic-watcher';

const PARTITIONS = 4;
const PLATES = 5_000;
const DRAIN_TIMEOUT_MS = 10 * 60_000;
const POLL_MS = 100;
/** The relay's own default (RELAY_BATCH_SIZE), stated so the table says what was measured. */
const RELAY_BATCH_SIZE = 500;

export const outboxRelayScenario: Scenario = {
  name: 'outbox-relay',
  async run(ctx: ScenarioContext): Promise<ScenarioOutput> {
    const size = ctx.sizes.outboxRelay;
    const checks = new SanityChecks('outbox-relay');
    const cluster = await ctx.infra.kafkaCluster(1);
    const kafka = benchKafka(cluster.bootstrapServers);
    const db = await ctx.infra.database();
    ctx.memory.watch(ctx.infra.kafkaWatch(cluster), { ownedByScenario: false });
    ctx.memory.watch(ctx.infra.postgresWatch(db.name), { ownedByScenario: false });
    const backlogTopic = randomName('bench-outbox-backlog');
    const steadyTopic = randomName('bench-outbox-steady');
    await createTopics(kafka, [
      { name: backlogTopic, partitions: PARTITIONS, replicationFactor: 1 },
      { name: steadyTopic, partitions: PARTITIONS, replicationFactor: 1 },
    ]);
    const events = Array.from({ length: size.backlog }, (_, i) =>
      chargeRequested(plate(i % PLATES)),
    );
    ctx.log(`inserting ${num(size.backlog)} outbox rows`);
    const insertStarted = performance.now();
    await withPg(db.url, (c) => insertOutboxRows(c, backlogTopic, events, size.insertBatch));
    const insertS = (performance.now() - insertStarted) / 1000;

    let relay: AppProcess | undefined;
    const watcher = new TopicWatcher(kafka, steadyTopic, (v) => String(v.eventId));
    const pool = new Pool({ connectionString: db.url, max: 4 });
    const committedAt = new Map<string, number>();
    let drainS: number;
    let wallS: number;
    let steady: { fired: number; failed: number };
    try {
      const started = performance.now();
      relay = await startBenchApp(ctx, 'outbox-relay', {
        ...outboxRelayEnv({ databaseUrl: db.url, brokers: cluster.bootstrapServers.join(',') }),
        RELAY_BATCH_SIZE: String(RELAY_BATCH_SIZE),
      });
      const running = relay;
      // One session, and a probe that reads one index entry: a full count every 100 ms took a
      // quarter of a core from the relay it was timing.
      drainS = await withPg(db.url, async (c) => {
        await waitUntil(
          async () => {
            if (running.hasExited)
              throw new Error(`outbox-relay exited: ${running.logs.slice(-5).join(' | ')}`);
            const { rows } = await c.query<{ left: boolean }>(
              'SELECT EXISTS (SELECT 1 FROM outbox_events WHERE published_at IS NULL) AS left',
            );
            return rows[0].left ? undefined : true;
          },
          {
            timeoutMs: DRAIN_TIMEOUT_MS,
            intervalMs: POLL_MS,
            description: `outbox backlog of ${size.backlog} published`,
          },
        );
        const { rows } = await c.query<{ s: string }>(
          'SELECT extract(epoch FROM max(published_at) - min(published_at)) AS s FROM outbox_events',
        );
        return Number(rows[0].s);
      });
      wallS = (performance.now() - started) / 1000;
      ctx.log(
        `drained in ${drainS.toFixed(1)} s; steady ${size.steadyRate}/s for ${size.steadyDurationS} s`,
      );

      await watcher.start();
      const steadyEvents = Array.from(
        { length: Math.round(size.steadyRate * size.steadyDurationS) },
        (_, i) => chargeRequested(plate(i % PLATES)),
      );
      steady = await atSteadyRate(size.steadyRate, size.steadyDurationS, async (i) => {
        const e = steadyEvents[i];
        const client = await pool.connect();
        try {
          await insertOutboxRows(client, steadyTopic, [e]);
          committedAt.set(e.eventId, Date.now());
        } finally {
          client.release();
        }
      });
      await watcher.waitFor(steady.fired, DRAIN_TIMEOUT_MS);
      await ctx.memory.sample();
    } finally {
      await watcher.stop().catch(() => undefined);
      await pool.end();
      await stopBenchApps([relay], ctx.log);
    }
    // The relay writes in transactions: count what a read_committed consumer gets, not offsets.
    const backlogOnTopic = await committedRecordCount(kafka, backlogTopic);
    const steadyOnTopic = await committedRecordCount(kafka, steadyTopic);
    await deleteTopics(kafka, [backlogTopic, steadyTopic]).catch((e: unknown) =>
      ctx.log(`topic cleanup: ${String(e)}`),
    );
    checks.equal(steady.failed, 0, 'every steady-rate insert committed');
    checks.equal(backlogOnTopic, size.backlog, 'backlog topic holds every outbox row once');
    checks.equal(steadyOnTopic, steady.fired, 'steady topic holds every outbox row once');
    checks.equal(
      await countRows(db.url, 'SELECT count(*) AS n FROM outbox_events WHERE published_at IS NULL'),
      0,
      'no row left unpublished',
    );

    // The anchor: the same project producer alone, measured here on the same broker with the
    // relay's batch size and one batch in flight — the relay's own shape, minus Postgres.
    const anchorTopic = randomName('bench-outbox-anchor');
    await createTopics(kafka, [
      { name: anchorTopic, partitions: PARTITIONS, replicationFactor: 1 },
    ]);
    const plainTopic = randomName('bench-outbox-anchor-plain');
    await createTopics(kafka, [{ name: plainTopic, partitions: PARTITIONS, replicationFactor: 1 }]);
    let producerAlone: number;
    let producerWithoutTransactions: number;
    try {
      const alone = (topic: string, transactionalId?: string) =>
        runProjectProducer({
          brokers: cluster.bootstrapServers,
          topic,
          acks: 'all',
          records: events.map(chargeRecord),
          batchSize: RELAY_BATCH_SIZE,
          inFlight: 1,
          transactionalId,
        });
      const transactional = await alone(anchorTopic, randomName('bench-anchor-tx'));
      checks.equal(transactional.errors, 0, 'anchor producer published every record');
      producerAlone = transactional.recordsPerSec;
      const plain = await alone(plainTopic);
      checks.equal(plain.errors, 0, 'anchor producer without transactions published every record');
      producerWithoutTransactions = plain.recordsPerSec;
    } finally {
      await deleteTopics(kafka, [anchorTopic, plainTopic]).catch(() => undefined);
    }
    const anchorSource = `measured here (acks=all, one transaction per batch of ${RELAY_BATCH_SIZE}, 1 in flight)`;
    await db.drop();
    checks.throwIfFailed();

    const latencies = [...committedAt.entries()].map(
      ([id, t]) => (watcher.arrivals.get(id) ?? Number.NaN) - t,
    );
    const latency = summarize(latencies.filter(Number.isFinite));
    const drainRate = size.backlog / Math.max(drainS, 1e-3);
    return {
      title: '3. Outbox relay (Postgres → Kafka)',
      settings: {
        ...size,
        partitions: PARTITIONS,
        relayBatchSize: RELAY_BATCH_SIZE,
        relayAcks: 'all (default)',
        appLogLevel: BENCH_APP_LOG_LEVEL,
        anchorSource,
      },
      tables: [
        {
          title: `Draining a backlog of ${num(size.backlog)} outbox rows`,
          columns: ['measure', 'events/s', 'seconds'],
          rows: [
            ['outbox-relay, first publish → all published', num(drainRate), drainS.toFixed(1)],
            [
              'outbox-relay, process start → all published',
              num(size.backlog / wallS),
              wallS.toFixed(1),
            ],
            [`project producer alone — ${anchorSource}`, num(producerAlone), ''],
            ['relay / producer alone', ratio(drainRate, producerAlone), ''],
            [
              'the same producer without transactions (the cost of fencing)',
              num(producerWithoutTransactions),
              '',
            ],
            ['with / without transactions', ratio(producerAlone, producerWithoutTransactions), ''],
            [
              '(loading the backlog: multi-row INSERT)',
              num(size.backlog / insertS),
              insertS.toFixed(1),
            ],
          ],
          note:
            'The relay reads rows in id order, publishes each batch as one Kafka transaction (acks=all; ' +
            'the transaction is what fences a replaced relay), then marks them published — one batch in flight.',
        },
        {
          title: `Commit → on Kafka latency at ${size.steadyRate} rows/s (ms)`,
          columns: ['measure', 'p50', 'p90', 'p99', 'max', 'samples'],
          rows: [
            [
              'row committed → read back from the topic',
              ms(latency.p50),
              ms(latency.p90),
              ms(latency.p99),
              ms(latency.max),
              String(latency.count),
            ],
          ],
          note: 'Includes the NOTIFY wake-up, the publish with acks=all, and a consumer fetch (max wait 100 ms), so it is an upper bound of "on Kafka".',
        },
      ],
      data: { drainS, wallS, insertS, drainRate, producerAlone, anchorSource, latency },
      checks: checks.passed,
      findings: [],
      charts: [],
    };
  },
};
