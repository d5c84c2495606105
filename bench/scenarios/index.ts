import type { Scenario } from '../lib/scenario';
import { chargeWorkersScenario } from './charge-workers';
import { endToEndScenario } from './end-to-end/end-to-end.scenario';
import { outboxRelayScenario } from './outbox-relay';
import { producerAcksScenario } from './producer-acks';
import { sinkScenario } from './sink';
import { syncVsAsyncScenario } from './sync-vs-async';
import { tillScenario } from './till';
import { tollIntakeScenario } from './toll-intake';

/**
 * Suite order = the numbering in docs/benchmarks.md. Later scenarios reuse
 * earlier anchors when they ran (3 uses 2's producer; 7 uses 1's and 4's
 * capacities); run alone, they measure or fall back to their own.
 */
export const SCENARIOS: readonly Scenario[] = [
  tollIntakeScenario,
  producerAcksScenario,
  outboxRelayScenario,
  chargeWorkersScenario,
  sinkScenario,
  tillScenario,
  endToEndScenario,
  syncVsAsyncScenario,
];
