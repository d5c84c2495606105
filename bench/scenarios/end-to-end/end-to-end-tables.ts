import { ms, num } from '../../lib/format';
import type { LatencySummary } from '../../lib/percentiles';
import type { ScenarioOutput } from '../../lib/scenario';

export interface PipelineCapacity {
  accepted: number;
  refused: Record<string, number>;
  /** First post → last accepted exit settled. */
  seconds: number;
  /** Settled exits per second over that span. */
  capacity: number;
}

/** The legs of exit → SETTLED, each from one timestamp to the next on the charge's way. */
export interface LatencyLegs {
  /** POST sent → the relay marked its outbox row published (toll-api's transaction, the relay, Kafka's ack). */
  toPublished: LatencySummary;
  /** Published → the worker decided (the consumer's fetch, the worker, the gateway's latency). */
  toDecided: LatencySummary;
  /** Decided → the sink committed SETTLED (the result's produce, the sink's fetch and transaction). */
  toSettled: LatencySummary;
}

/** The scenario's two tables: the pipeline's capacity, and exit → SETTLED latency at a share of it. */
export function endToEndTables(input: {
  probeS: number;
  connections: number;
  probe: PipelineCapacity;
  stages: string | undefined;
  rate: number;
  durationS: number;
  source: string;
  workers: number;
  gatewayLatencyMs: number;
  latency: LatencySummary;
  legs: LatencyLegs;
}): ScenarioOutput['tables'] {
  const { probe, stages, latency, legs } = input;
  const row = (label: string, l: LatencySummary) => [
    label,
    ms(l.p50),
    ms(l.p90),
    ms(l.p99),
    ms(l.max),
    String(l.count),
  ];
  return [
    {
      title: 'Capacity of the whole pipeline (every service on this machine at once)',
      columns: ['measure', 'value'],
      rows: [
        [
          `exits accepted in ${input.probeS} s at ${input.connections} connections`,
          num(probe.accepted),
        ],
        [
          'refused meanwhile (load shed by toll-api)',
          Object.entries(probe.refused)
            .map(([k, v]) => `${k}×${v}`)
            .join(' ') || '0',
        ],
        ['first post → last of them settled', `${probe.seconds.toFixed(1)} s`],
        ['capacity (settled/s)', num(probe.capacity)],
        ...(stages
          ? [['for comparison, the stages measured alone', stages.replace('stages alone: ', '')]]
          : []),
      ],
      note: 'On a 2-core machine the stages share the cores, so the pipeline carries less than its slowest stage alone; the steady phase runs at half of this.',
    },
    {
      title: `Exit → SETTLED latency (ms) at ${input.rate} exits/s for ${input.durationS} s`,
      columns: ['measure', 'p50', 'p90', 'p99', 'max', 'charges'],
      rows: [
        row('POST /toll/exits sent → sink commits SETTLED', latency),
        row('  leg 1: sent → relay marked it published', legs.toPublished),
        row(
          `  leg 2: published → worker decided (gateway ${input.gatewayLatencyMs} ms)`,
          legs.toDecided,
        ),
        row('  leg 3: decided → sink committed', legs.toSettled),
      ],
      note: `Rate: ${input.source}. Path: toll-api → outbox → relay (acks=all) → ${input.workers} charge workers → gateway (${input.gatewayLatencyMs} ms) → results → db-sink. Each leg's percentiles are its own, so they do not add up to the whole; the relay marks a row published just after the batch's Kafka transaction commits, so leg 2 starts a little late.`,
    },
  ];
}
