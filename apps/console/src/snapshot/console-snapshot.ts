import type { GroupView } from '@paystream/kafka';
import type { SampledRecord } from '../sources/record.sampler';
import type { RouteTraffic } from './http-traffic';

export interface BrokerView {
  nodeId: number;
  address: string;
  /** In the cluster's metadata right now (a stopped broker drops out). */
  up: boolean;
  controller: boolean;
}

export interface PartitionView {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  highWatermark: string;
  /** Newest records seen by the console's sampler (key = plate), oldest first. */
  recent: SampledRecord[];
}

export interface TopicView {
  name: string;
  partitions: PartitionView[];
}

export interface AppView {
  name: string;
  url: string;
  ready: boolean;
  /** Why not ready (the readiness answer or the connection error). */
  detail?: string;
}

export interface DatabaseView {
  outboxBacklog: number;
  oldestUnpublishedSeconds: number | null;
  tollCharges: Record<string, number>;
  tillPayments: Record<string, number>;
  tillResolutions: Record<string, number>;
}

export interface QueueCounts {
  waiting: number;
  delayed: number;
  active: number;
  failed: number;
}

export interface TrafficView {
  /** Toll charges that became SETTLED per second (from the database). */
  settledPerSecond: number;
  till: RouteTraffic;
  toll: RouteTraffic;
}

/** Everything the page shows at one moment; sent once per interval. */
export interface ConsoleSnapshot {
  at: number;
  brokers: BrokerView[];
  chargesTopic: TopicView | null;
  workerGroup: GroupView | null;
  sinkGroup: GroupView | null;
  database: DatabaseView | null;
  queues: { retries: QueueCounts | null; till: QueueCounts | null };
  apps: AppView[];
  gatewayFaults: Record<string, unknown> | null;
  /** pos-api's circuit breaker: closed, half_open or open. */
  breaker: string | null;
  traffic: TrafficView;
  /** Sources that failed this time, with the reason (the rest of the page still shows). */
  errors: Record<string, string>;
  /** Whether npm start's supervisor is there (worker and broker controls). */
  supervised: boolean;
}

/** One point of the charts (small: 600 of them are kept and sent to a new page). */
export interface HistoryPoint {
  at: number;
  lagByPartition: Record<number, number>;
  outboxBacklog: number | null;
  settledPerSecond: number;
  tillPerSecondByStatus: Record<string, number>;
  tollPerSecond: number;
  tillP50Ms: number | null;
  tillP99Ms: number | null;
  tollP50Ms: number | null;
  tollP99Ms: number | null;
}
