import type { Scenario } from '../lib/scenario';
import { chargeWorkersScenario } from './charge-workers';
import { outboxRelayScenario } from './outbox-relay';
import { producerAcksScenario } from './producer-acks';
import { sinkScenario } from './sink';
import { tillScenario } from './till';
import { tollIntakeScenario } from './toll-intake';

/** Suite order follows docs/benchmarks.md; later scenarios reuse earlier anchors when present. */
export const SCENARIOS: readonly Scenario[] = [tollIntakeScenario, producerAcksScenario, outboxRelayScenario, chargeWorkersScenario, sinkScenario, tillScenario];
