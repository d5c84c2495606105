import { randomName, type AppProcess } from '@paystream/testing';
import { BENCH_APP_LOG_LEVEL, startBenchApp, stopBenchApps } from '../lib/bench-apps';
import { chargeRecord, chargeRequested, plate } from '../lib/charge-events';
import { num } from '../lib/format';
import { BENCH_ADMIN_TOKEN, setGatewayFaults } from '../lib/gateway-faults';
import { waitForStableGroup } from '../lib/group-wait';
import { benchKafka, createTopics, deleteTopics, topicRecordCount } from '../lib/kafka-helpers';
import { chargeWorkerEnv } from '../lib/pipeline/pipeline-env';
import { runProjectProducer } from '../lib/project-producer-run';
import { SanityChecks } from '../lib/sanity';
import type { Scenario, ScenarioContext, ScenarioOutput } from '../lib/scenario';
import { lineChart } from '../lib/svg-chart';
import { TopicWatcher } from '../lib/topic-watcher';

const PLATES = 5_000;
/** One partition's batch at a time per member: a member's throughput is then its partitions' work, not a hidden pool. */
const PARTITIONS_CONSUMED_CONCURRENTLY = 1;
const STEP_TIMEOUT_MS = 5 * 60_000;
const GROUP_TIMEOUT_MS = 120_000;

export interface WorkerStep {
  workers: number;
  settledPerSec: number;
  seconds: number;
}

export interface WorkerModeResult {
  mode: 'off' | 'on';
  partitionConcurrency: number;
  steps: WorkerStep[];
}

export const chargeWorkersScenario: Scenario = {
  name: 'charge-workers',
  async run(ctx: ScenarioContext): Promise<ScenarioOutput> {
    const size = ctx.sizes.chargeWorkers;
    const checks = new SanityChecks('charge-workers');
    const cluster = await ctx.infra.kafkaCluster(1);
    const kafka = benchKafka(cluster.bootstrapServers);
    const redisUrl = await ctx.infra.redisUrl();
    const gatewayDb = await ctx.infra.database();
    ctx.memory.watch(ctx.infra.kafkaWatch(cluster), { ownedByScenario: false });
    ctx.memory.watch(ctx.infra.postgresWatch(gatewayDb.name), { ownedByScenario: false });
    ctx.memory.watch(await ctx.infra.redisWatch(), { ownedByScenario: false });
    const maxWorkers = size.partitions + 2;
    const modes: WorkerModeResult[] = [
      { mode: 'off', partitionConcurrency: 1, steps: [] },
      { mode: 'on', partitionConcurrency: size.perKeyConcurrency, steps: [] },
    ];
    let gateway: AppProcess | undefined;
    try {
      gateway = await startBenchApp(ctx, 'payment-gateway', {
        DATABASE_URL: gatewayDb.url,
        ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      });
      await setGatewayFaults(gateway.url, { latencyMs: size.gatewayLatencyMs, jitterMs: 0 });
      for (const mode of modes) {
        const charges = randomName('bench-charges');
        const results = randomName('bench-charge-results');
        const dlq = randomName('bench-charges-dlq');
        const group = randomName('bench-workers');
        await createTopics(kafka, [
          { name: charges, partitions: size.partitions, replicationFactor: 1 },
          { name: results, partitions: size.partitions, replicationFactor: 1 },
          { name: dlq, partitions: 1, replicationFactor: 1 },
        ]);
        const watcher = new TopicWatcher(kafka, results, (v) => String(v.chargeId));
        const workers: AppProcess[] = [];
        let produced = 0;
        try {
          await watcher.start();
          for (let k = 1; k <= maxWorkers; k += 1) {
            workers.push(
              await startBenchApp(
                ctx,
                'charge-worker',
                {
                  ...chargeWorkerEnv({
                    brokers: cluster.bootstrapServers.join(','),
                    chargesTopic: charges,
                    resultsTopic: results,
                    chargesDlqTopic: dlq,
                    group,
                    gatewayUrl: gateway.url,
                    redisUrl,
                    // The worker's re-drive reads toll_charges (none here): any migrated database does.
                    databaseUrl: gatewayDb.url,
                    retryQueue: randomName('bench-retries'),
                    retryPrefix: randomName('bench'),
                  }),
                  PARTITION_CONCURRENCY: String(mode.partitionConcurrency),
                  PARTITIONS_CONSUMED_CONCURRENTLY: String(PARTITIONS_CONSUMED_CONCURRENTLY),
                },
                `charge-worker #${k} (per-key concurrency ${mode.mode})`,
              ),
            );
            await waitForStableGroup(kafka, group, k, GROUP_TIMEOUT_MS);
            const events = Array.from({ length: size.recordsPerStep }, (_, i) =>
              chargeRequested(plate((produced + i) % PLATES)),
            );
            const started = Date.now();
            const sent = await runProjectProducer({
              brokers: cluster.bootstrapServers,
              topic: charges,
              acks: 'all',
              records: events.map(chargeRecord),
              batchSize: 100,
              inFlight: 4,
            });
            checks.equal(sent.errors, 0, `${mode.mode}/${k}: every charge published`);
            produced += events.length;
            await watcher.waitFor(produced, STEP_TIMEOUT_MS);
            const last = Math.max(
              ...events.map((e) => watcher.arrivals.get(e.chargeId) ?? Number.NaN),
            );
            const seconds = (last - started) / 1000;
            mode.steps.push({ workers: k, settledPerSec: events.length / seconds, seconds });
            ctx.log(
              `per-key concurrency ${mode.mode}, ${k} worker(s): ${num(events.length / seconds)} settled/s`,
            );
          }
          await ctx.memory.sample();
        } finally {
          await stopBenchApps(workers, ctx.log);
          await watcher.stop().catch(() => undefined);
        }
        checks.equal(await topicRecordCount(kafka, dlq), 0, `${mode.mode}: nothing dead-lettered`);
        checks.equal(
          await topicRecordCount(kafka, results),
          produced,
          `${mode.mode}: one result per charge`,
        );
        await deleteTopics(kafka, [charges, results, dlq]).catch((e: unknown) =>
          ctx.log(`topic cleanup: ${String(e)}`),
        );
      }
    } finally {
      await stopBenchApps([gateway], ctx.log);
    }
    await gatewayDb.drop();
    checks.throwIfFailed();

    const categories = Array.from({ length: maxWorkers }, (_, i) => String(i + 1));
    const svg = lineChart({
      title: `Settled charges/s vs worker processes (${size.partitions} partitions, gateway ${size.gatewayLatencyMs} ms)`,
      categories,
      series: modes.map((m) => ({
        name: `per-key concurrency ${m.mode} (${m.partitionConcurrency})`,
        values: m.steps.map((s) => s.settledPerSec),
      })),
      yLabel: 'settled charges/s',
      xLabel: 'worker processes',
      marker: { index: size.partitions - 1, label: `P = ${size.partitions}` },
    });
    const flat = modes.map((m) => {
      const atP = m.steps[size.partitions - 1]?.settledPerSec;
      const beyond = m.steps.slice(size.partitions).map((s) => s.settledPerSec);
      return beyond.length > 0 && atP ? Math.max(...beyond) / atP : Number.NaN;
    });
    return {
      title: '4. Charge workers (consumer group scale-out)',
      settings: {
        ...size,
        partitionsConsumedConcurrently: PARTITIONS_CONSUMED_CONCURRENTLY,
        appLogLevel: BENCH_APP_LOG_LEVEL,
      },
      tables: [
        {
          title: `Settled charges/s by worker processes on ${size.partitions} partitions`,
          columns: [
            'workers',
            ...modes.map((m) => `per-key concurrency ${m.mode} (${m.partitionConcurrency})`),
          ],
          rows: categories.map((c, i) => [
            `${c}${i + 1 > size.partitions ? ' (idle member)' : ''}`,
            ...modes.map((m) => num(m.steps[i]?.settledPerSec)),
          ]),
          note:
            `Each step adds one worker process, waits for the group to be stable, publishes ${size.recordsPerStep} charges and times them until their results are on the results topic. ` +
            `Past P = ${size.partitions} the extra members hold no partition: the line should stay flat (best past P / at P: ${flat.map((f) => (Number.isFinite(f) ? f.toFixed(2) : '-')).join(' and ')}).`,
        },
      ],
      data: { modes },
      checks: checks.passed,
      findings: [],
      charts: [
        {
          file: `${ctx.stamp}-charge-workers.svg`,
          svg,
          title: 'Settled charges/s vs worker processes',
        },
      ],
    };
  },
};
