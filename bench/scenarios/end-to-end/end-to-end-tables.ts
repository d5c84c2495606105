import { ms, num } from '../../lib/format';
import type { summarize } from '../../lib/percentiles';
import type { ScenarioOutput } from '../../lib/scenario';

export interface PipelineCapacity {
  accepted: number;
  refused: Record<string, number>;
  /** First post → last accepted exit settled. */
  seconds: number;
  /** Settled exits per second over that span. */
  capacity: number;
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
  latency: ReturnType<typeof summarize>;
}): ScenarioOutput['tables'] {
  const { probe, stages, latency } = input;
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
        [
          'POST /toll/exits sent → sink commits SETTLED',
          ms(latency.p50),
          ms(latency.p90),
          ms(latency.p99),
          ms(latency.max),
          String(latency.count),
        ],
      ],
      note: `Rate: ${input.source}. Path: toll-api → outbox → relay (acks=all) → ${input.workers} charge workers → gateway (${input.gatewayLatencyMs} ms) → results → db-sink.`,
    },
  ];
}
