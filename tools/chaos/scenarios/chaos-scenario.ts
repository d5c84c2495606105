import type { DemoSystem } from '../../demo/system';
import type { ChaosOptions } from '../chaos-options';

/** What a scenario can do to the running system. */
export interface ScenarioContext {
  system: DemoSystem;
  options: ChaosOptions;
  /** How long a lasting fault lasts (ms). */
  faultMs: number;
  /** A line in the progress output and in the report's notes. */
  note(line: string): void;
  /** PUT /admin/faults on the gateway (merged with what is set); throws FaultNotSupportedError on 400. */
  setGatewayFaults(faults: Record<string, unknown>): Promise<void>;
  /** Leader broker id of a partition, from the cluster metadata. */
  leaderOf(topic: string, partition: number): Promise<number | undefined>;
  /** Sends raw records to a topic (poison records), with our own producer. */
  produceRaw(topic: string, records: Array<{ key: string; value: string }>): Promise<void>;
  /** Outbox rows not yet published (whole outbox), to show whether a standby took over. */
  unpublishedOutbox(): Promise<number>;
  /** Keys of injected poison records per topic, so the audit can find them on the DLQs. */
  poison: Map<string, string[]>;
  sleep(ms: number): Promise<void>;
}

export interface ChaosScenario {
  name: string;
  title: string;
  /** Till traffic mode during the scenario; default both (half sync, half ?via=queue). */
  tillVia?: 'sync' | 'queue' | 'both';
  /** The toll lane must answer 202 to every exit during this scenario (counted as a violation otherwise). */
  tollMustAccept?: boolean;
  /** What the run must start differently for this scenario to be possible. */
  needs?: { brokers?: 3; embeddedPostgres?: boolean; privateRedis?: boolean };
  /** Injects the fault, keeps it for its time and heals it; resolves when healed. */
  run(ctx: ScenarioContext): Promise<void>;
}
