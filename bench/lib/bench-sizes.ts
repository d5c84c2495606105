/**
 * Every size the scenarios use. `full` is `npm run bench` (under 15 minutes on
 * 2 cores); `smoke` is `npm run bench:smoke` (a minute or two, checks only
 * that the machinery and its sanity checks work — its numbers mean nothing).
 */
export interface BenchSizes {
  profile: 'full' | 'smoke';
  /** How often peak memory is sampled. */
  memorySampleMs: number;
  producerAcks: {
    records: number;
    brokerCounts: Array<1 | 3>;
    partitions: number;
    batchSize: number;
    inFlight: number;
    plates: number;
  };
  tollIntake: { connections: number; durationS: number; warmupS: number };
  sink: { results: number; partitions: number; baselineBatchSize: number };
  outboxRelay: {
    backlog: number;
    insertBatch: number;
    steadyRate: number;
    steadyDurationS: number;
  };
  till: {
    connections: number;
    durationS: number;
    gatewayLatencyMs: number;
    breakerSamples: number;
  };
  chargeWorkers: {
    partitions: number;
    recordsPerStep: number;
    gatewayLatencyMs: number;
    perKeyConcurrency: number;
  };
  endToEnd: {
    probeS: number;
    durationS: number;
    partitions: number;
    workers: number;
    gatewayLatencyMs: number;
  };
  syncVsAsync: {
    /**
     * Till payments/s and, at the same time, toll exits/s (open loop) at every gateway step.
     * 10 in the full run: at 20 + 20 a 2-core AMD EPYC machine of 2026-11-30 saturated at 0 ms gateway latency
     * (the till answered 504/503 before the gateway was slowed at all), which hid the trade-off.
     */
    rate: number;
    stepS: number;
    /** Unmeasured traffic at latency 0 before the first step (JIT, pools, connections). */
    warmupS: number;
    partitions: number;
    workers: number;
  };
}

export const FULL_SIZES: BenchSizes = {
  profile: 'full',
  memorySampleMs: 500,
  producerAcks: {
    records: 100_000,
    brokerCounts: [1, 3],
    partitions: 4,
    batchSize: 100,
    inFlight: 8,
    plates: 5_000,
  },
  tollIntake: { connections: 16, durationS: 20, warmupS: 3 },
  sink: { results: 100_000, partitions: 4, baselineBatchSize: 500 },
  outboxRelay: { backlog: 100_000, insertBatch: 1_000, steadyRate: 200, steadyDurationS: 20 },
  till: { connections: 4, durationS: 10, gatewayLatencyMs: 20, breakerSamples: 200 },
  chargeWorkers: { partitions: 4, recordsPerStep: 400, gatewayLatencyMs: 20, perKeyConcurrency: 8 },
  endToEnd: { probeS: 15, durationS: 30, partitions: 4, workers: 4, gatewayLatencyMs: 20 },
  syncVsAsync: { rate: 10, stepS: 15, warmupS: 3, partitions: 4, workers: 2 },
};

export const SMOKE_SIZES: BenchSizes = {
  profile: 'smoke',
  memorySampleMs: 250,
  producerAcks: {
    records: 2_000,
    brokerCounts: [1],
    partitions: 2,
    batchSize: 100,
    inFlight: 4,
    plates: 200,
  },
  tollIntake: { connections: 4, durationS: 3, warmupS: 2 },
  sink: { results: 500, partitions: 2, baselineBatchSize: 200 },
  outboxRelay: { backlog: 2_000, insertBatch: 500, steadyRate: 40, steadyDurationS: 3 },
  till: { connections: 2, durationS: 2, gatewayLatencyMs: 20, breakerSamples: 20 },
  chargeWorkers: { partitions: 2, recordsPerStep: 40, gatewayLatencyMs: 20, perKeyConcurrency: 4 },
  endToEnd: { probeS: 3, durationS: 4, partitions: 2, workers: 2, gatewayLatencyMs: 20 },
  syncVsAsync: { rate: 4, stepS: 2, warmupS: 1, partitions: 2, workers: 1 },
};
