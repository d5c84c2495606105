import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomName } from '@paystream/testing';
import type { AcksLevel } from '@paystream/kafka';
import { chargeRecord, chargeRequested, plate } from '../lib/charge-events';
import { ms, num, ratio } from '../lib/format';
import { benchKafka, createTopics, deleteTopics, topicRecordCount } from '../lib/kafka-helpers';
import { runProducerPerfTest, type PerfTestSummary } from '../lib/kafka-perf-test';
import { runProjectProducer, type ProducerRunResult } from '../lib/project-producer-run';
import { SanityChecks } from '../lib/sanity';
import type { Scenario, ScenarioContext, ScenarioOutput } from '../lib/scenario';
import { barChart } from '../lib/svg-chart';

/** The four acknowledgement levels of the lesson; "leader+flush" is acks=1 on a topic that fsyncs every record. */
export const ACK_VARIANTS = [
  { name: 'none', acks: 'none' as AcksLevel, javaAcks: '0', flush: false },
  { name: 'leader', acks: 'leader' as AcksLevel, javaAcks: '1', flush: false },
  { name: 'leader+flush', acks: 'leader' as AcksLevel, javaAcks: '1', flush: true },
  { name: 'all', acks: 'all' as AcksLevel, javaAcks: 'all', flush: false },
] as const;

export interface AcksMeasurement {
  brokers: 1 | 3;
  variant: string;
  project: ProducerRunResult;
  kafkaTool: PerfTestSummary;
  /** Records found on each topic afterwards (sum of high watermarks). */
  onTopic: { project: number; kafkaTool: number };
}

/** Generous: 100k records on a loaded 2-core machine through 3 brokers with fsync. */
const PERF_TEST_TIMEOUT_MS = 5 * 60_000;

export const producerAcksScenario: Scenario = {
  name: 'producer-acks',
  async run(ctx: ScenarioContext): Promise<ScenarioOutput> {
    const size = ctx.sizes.producerAcks;
    const checks = new SanityChecks('producer-acks');
    const events = Array.from({ length: size.records }, (_, i) =>
      chargeRequested(plate(i % size.plates)),
    );
    const records = events.map(chargeRecord);
    const valueBytes = Math.round(
      records.reduce((s, r) => s + JSON.stringify(r.value).length, 0) / records.length,
    );
    // Kafka's tool sends values picked from this file: the same JSON values, one per line.
    const payloadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-payload-'));
    const payloadFile = path.join(payloadDir, 'charges.jsonl');
    fs.writeFileSync(
      payloadFile,
      events
        .slice(0, 1_000)
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );

    const measurements: AcksMeasurement[] = [];
    try {
      for (const brokers of size.brokerCounts) {
        const cluster = await ctx.infra.kafkaCluster(brokers);
        ctx.memory.watch(ctx.infra.kafkaWatch(cluster), { ownedByScenario: false });
        ctx.memory.watch(
          {
            name: 'bench runner (project producer in-process)',
            kind: 'tool',
            pids: () => [process.pid],
          },
          { ownedByScenario: false },
        );
        const kafka = benchKafka(cluster.bootstrapServers);
        const replication = brokers === 3 ? { rf: 3, minIsr: '2' } : { rf: 1, minIsr: '1' };
        for (const variant of ACK_VARIANTS) {
          const configs: Record<string, string> = {
            'min.insync.replicas': replication.minIsr,
            'unclean.leader.election.enable': 'false',
            ...(variant.flush ? { 'flush.messages': '1' } : {}),
          };
          const projectTopic = randomName(`bench-acks-${variant.name.replace('+', '-')}-p`);
          const toolTopic = randomName(`bench-acks-${variant.name.replace('+', '-')}-k`);
          await createTopics(kafka, [
            {
              name: projectTopic,
              partitions: size.partitions,
              replicationFactor: replication.rf,
              configs,
            },
            {
              name: toolTopic,
              partitions: size.partitions,
              replicationFactor: replication.rf,
              configs,
            },
          ]);
          try {
            ctx.log(`${brokers} broker(s), acks ${variant.name}: project producer`);
            const project = await runProjectProducer({
              brokers: cluster.bootstrapServers,
              topic: projectTopic,
              acks: variant.acks,
              records,
              batchSize: size.batchSize,
              inFlight: size.inFlight,
            });
            ctx.log(`  ${num(project.recordsPerSec)} records/s; kafka-producer-perf-test`);
            const kafkaTool = await runProducerPerfTest({
              topic: toolTopic,
              records: size.records,
              payloadFile,
              bootstrapServers: cluster.bootstrapServers.join(','),
              producerProps: {
                acks: variant.javaAcks,
                'enable.idempotence': variant.acks === 'all' ? 'true' : 'false',
              },
              onPid: (pid) =>
                ctx.memory.watch(
                  {
                    name: `kafka-producer-perf-test JVM (${brokers}b ${variant.name})`,
                    kind: 'tool',
                    pids: () => [pid],
                  },
                  { ownedByScenario: true },
                ),
              timeoutMs: PERF_TEST_TIMEOUT_MS,
            });
            ctx.log(`  ${num(kafkaTool.recordsPerSec)} records/s`);
            const label = `${brokers}b ${variant.name}`;
            const onTopic = {
              project: await topicRecordCount(kafka, projectTopic),
              kafkaTool: await topicRecordCount(kafka, toolTopic),
            };
            checks.equal(project.errors, 0, `${label}: project producer had no failed sends`);
            checks.equal(
              kafkaTool.records,
              size.records,
              `${label}: Kafka's tool sent every record`,
            );
            if (variant.acks === 'none') {
              // Fire and forget may lose records silently: that is the lesson, so it is reported
              // (on-topic column, finding), not failed — but nothing may appear twice.
              checks.check(
                onTopic.project <= size.records,
                `${label}: project topic holds no extra record`,
                `got ${onTopic.project}`,
              );
              checks.check(
                onTopic.kafkaTool <= size.records,
                `${label}: tool topic holds no extra record`,
                `got ${onTopic.kafkaTool}`,
              );
            } else if (variant.acks === 'leader') {
              // Acknowledged by the leader = on the topic (no broker dies here). Without idempotence a
              // retried request can write records twice: a real cost of acks=leader, reported, not failed.
              checks.check(
                onTopic.project >= size.records,
                `${label}: project topic holds every record`,
                `got ${onTopic.project}`,
              );
              checks.check(
                onTopic.kafkaTool >= size.records,
                `${label}: tool topic holds every record`,
                `got ${onTopic.kafkaTool}`,
              );
            } else {
              // acks=all with the idempotent producer: exactly once on the topic, both clients.
              checks.equal(
                onTopic.project,
                size.records,
                `${label}: project topic holds every record exactly once`,
              );
              checks.equal(
                onTopic.kafkaTool,
                size.records,
                `${label}: tool topic holds every record exactly once`,
              );
            }
            measurements.push({ brokers, variant: variant.name, project, kafkaTool, onTopic });
          } finally {
            await deleteTopics(kafka, [projectTopic, toolTopic]).catch((e: unknown) =>
              ctx.log(`topic cleanup: ${String(e)}`),
            );
          }
        }
        if (brokers === 3) await ctx.infra.stopKafka(3);
      }
    } finally {
      fs.rmSync(payloadDir, { recursive: true, force: true });
    }
    checks.throwIfFailed();

    const delivered = (onTopic: number) =>
      onTopic === size.records
        ? 'all'
        : onTopic < size.records
          ? `${num(onTopic)} (${num(size.records - onTopic)} LOST)`
          : `${num(onTopic)} (${num(onTopic - size.records)} TWICE)`;
    const rows = measurements.map((m) => [
      `${m.brokers} broker${m.brokers > 1 ? 's (RF 3, min ISR 2)' : ''} — ${m.variant}`,
      num(m.project.recordsPerSec),
      delivered(m.onTopic.project),
      ms(m.project.latency.p50),
      ms(m.project.latency.p99),
      num(m.kafkaTool.recordsPerSec),
      ms(m.kafkaTool.p50),
      ms(m.kafkaTool.p99),
      delivered(m.onTopic.kafkaTool),
      ratio(m.project.recordsPerSec, m.kafkaTool.recordsPerSec),
    ]);
    const allVsLeader = size.brokerCounts.map((b) => {
      const find = (v: string) => measurements.find((m) => m.brokers === b && m.variant === v);
      const all = find('all');
      const leader = find('leader');
      return [
        `${b} broker(s)`,
        ratio(all?.project.recordsPerSec, leader?.project.recordsPerSec),
        ratio(all?.project.latency.p99, leader?.project.latency.p99),
        ratio(all?.kafkaTool.recordsPerSec, leader?.kafkaTool.recordsPerSec),
        ratio(all?.kafkaTool.p99, leader?.kafkaTool.p99),
      ];
    });
    const svg = barChart({
      title: `Records/s by acks level (${num(size.records)} records of ~${valueBytes} B)`,
      categories: measurements.map((m) => `${m.brokers}b ${m.variant}`),
      series: [
        {
          name: 'Paystream EventProducer',
          values: measurements.map((m) => m.project.recordsPerSec),
        },
        {
          name: 'kafka-producer-perf-test',
          values: measurements.map((m) => m.kafkaTool.recordsPerSec),
        },
      ],
      yLabel: 'records/s',
    });
    const findings: string[] = [];
    for (const m of measurements) {
      for (const [who, n] of [
        ['project producer', m.onTopic.project],
        ["Kafka's tool", m.onTopic.kafkaTool],
      ] as const)
        if (n < size.records)
          findings.push(
            `${m.brokers}b ${m.variant}: ${num(size.records - n)} of ${num(size.records)} records sent by the ${who} never reached the topic — acks=none does not wait to find out`,
          );
        else if (n > size.records)
          findings.push(
            `${m.brokers}b ${m.variant}: the topic holds ${num(n - size.records)} more records than the ${who} sent — without idempotence, ` +
              'a retry of a request the broker partly accepted writes those records again',
          );
      const r = m.project.recordsPerSec / m.kafkaTool.recordsPerSec;
      if (r < 0.25)
        findings.push(
          `${m.brokers}b ${m.variant}: the project producer reaches only ${(r * 100).toFixed(0)}% of Kafka's own tool`,
        );
    }
    return {
      title: '2. Producer and acks',
      settings: {
        ...size,
        valueBytes,
        topicPartitions: size.partitions,
        toolProps: 'linger.ms/batch.size at Java defaults; null keys (sticky partitioner)',
      },
      tables: [
        {
          title: 'Records/s and latency (ms) per acks level',
          columns: [
            'setup — acks',
            'Paystream rec/s',
            'on topic',
            'p50',
            'p99',
            'Kafka tool rec/s',
            'p50',
            'p99',
            'on topic',
            'Paystream / Kafka tool',
          ],
          rows,
          note:
            `Same records (~${valueBytes} B JSON values), same topics layout, same run. Paystream = libs/kafka EventProducer ` +
            `(KafkaJS, batches of ${size.batchSize}, ${size.inFlight} sends in flight, keyed by plate); latency is per send call. ` +
            'Kafka tool = org.apache.kafka.tools.ProducerPerformance (Java client, its own batching). ' +
            '"on topic" counts what the topic holds afterwards: with acks=none a send "succeeds" before any broker has the record, so losses show only there; ' +
            'acks none and leader run without idempotence (KafkaJS allows it only with acks=all), so a retried request could write records TWICE.',
        },
        {
          title: 'What acks=all costs (acks=all / acks=leader)',
          columns: [
            'setup',
            'Paystream rec/s',
            'Paystream p99',
            'Kafka tool rec/s',
            'Kafka tool p99',
          ],
          rows: allVsLeader,
          note: 'Below 1× on throughput and above 1× on latency is the price of waiting for every in-sync replica.',
        },
      ],
      data: { measurements, valueBytes },
      checks: checks.passed,
      findings,
      charts: [
        { file: `${ctx.stamp}-producer-acks.svg`, svg, title: 'Producer records/s by acks level' },
      ],
    };
  },
};
