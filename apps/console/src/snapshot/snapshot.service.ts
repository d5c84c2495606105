import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { PinoLogger } from 'nestjs-pino';
import { Observable, Subject } from 'rxjs';
import { ConsoleConfig } from '../config/console.config';
import { AppsReader } from './apps.reader';
import { ConsoleSnapshot, HistoryPoint } from './console-snapshot';
import { DatabaseReader } from './database.reader';
import { routeTraffic } from './http-traffic';
import { KafkaReader } from './kafka.reader';
import { MetricSample, sumOf } from './prometheus-text';
import { QueuesReader } from './queues.reader';

/** pos_gateway_breaker_state values (pos-api's BREAKER_STATE_VALUE). */
const BREAKER_NAMES = ['closed', 'half_open', 'open'];
const EMPTY_ROUTE = { perSecondByStatus: {}, p50Ms: null, p99Ms: null };

/**
 * Builds one snapshot of every source per interval and pushes it to every
 * open page; keeps the recent history for the charts. One gathering serves
 * all pages, so ten open tabs cost what one does. A source that fails or is
 * slow shows as an error of that part; the rest of the picture still moves.
 */
@Injectable()
export class SnapshotService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly updates = new Subject<ConsoleSnapshot>();
  private readonly history: HistoryPoint[] = [];
  private latestSnapshot: ConsoleSnapshot | undefined;
  private previous:
    | {
        at: number;
        pos: MetricSample[] | null;
        toll: MetricSample[] | null;
        settled: number | null;
      }
    | undefined;
  private timer: NodeJS.Timeout | undefined;
  private gathering = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ConsoleConfig,
    private readonly kafka: KafkaReader,
    private readonly database: DatabaseReader,
    private readonly queues: QueuesReader,
    private readonly apps: AppsReader,
    private readonly logger: PinoLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.SNAPSHOT_INTERVAL_MS);
    void this.tick();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.updates.complete();
  }

  get latest(): ConsoleSnapshot | undefined {
    return this.latestSnapshot;
  }

  get stream(): Observable<ConsoleSnapshot> {
    return this.updates.asObservable();
  }

  recentHistory(): HistoryPoint[] {
    return [...this.history];
  }

  private async tick(): Promise<void> {
    // A slow source must not stack gatherings up: skip a beat instead.
    if (this.gathering) return;
    this.gathering = true;
    try {
      const snapshot = await this.gather();
      this.latestSnapshot = snapshot;
      this.history.push(toHistoryPoint(snapshot));
      if (this.history.length > this.config.HISTORY_POINTS) this.history.shift();
      this.updates.next(snapshot);
    } catch (error) {
      this.logger.warn({ err: error }, 'console snapshot failed');
    } finally {
      this.gathering = false;
    }
  }

  async gather(): Promise<ConsoleSnapshot> {
    const errors: Record<string, string> = {};
    const attempt = async <T>(name: string, read: () => Promise<T>): Promise<T | null> => {
      try {
        return await withTimeout(read(), this.config.SOURCE_TIMEOUT_MS * 2, name);
      } catch (error) {
        errors[name] = (error as Error).message;
        return null;
      }
    };
    const at = Date.now();
    const [
      brokers,
      chargesTopic,
      workerGroup,
      sinkGroup,
      database,
      queues,
      apps,
      gatewayFaults,
      pos,
      toll,
    ] = await Promise.all([
      attempt('brokers', () => this.kafka.brokers()),
      attempt('charges topic', () => this.kafka.chargesTopic()),
      attempt('worker group', () => this.kafka.workerGroup()),
      attempt('sink group', () => this.kafka.sinkGroup()),
      attempt('database', () => this.database.read()),
      attempt('queues', () => this.queues.read()),
      attempt('apps', () => this.apps.health()),
      attempt('gateway faults', () => this.apps.gatewayFaults()),
      attempt('pos-api metrics', () => this.apps.metrics(this.config.POS_URL)),
      attempt('toll-api metrics', () => this.apps.metrics(this.config.TOLL_URL)),
    ]);
    const settled = database ? (database.tollCharges.SETTLED ?? 0) : null;
    const before = this.previous;
    this.previous = { at, pos, toll, settled };
    const seconds = before ? (at - before.at) / 1000 : 0;
    const breakerValue = pos ? sumOf(pos, 'pos_gateway_breaker_state') : null;
    return {
      at,
      brokers: brokers ?? [],
      chargesTopic,
      workerGroup,
      sinkGroup,
      database,
      queues: { retries: queues?.retries ?? null, till: queues?.till ?? null },
      apps: apps ?? [],
      gatewayFaults,
      breaker: breakerValue === null ? null : (BREAKER_NAMES[breakerValue] ?? String(breakerValue)),
      traffic: {
        settledPerSecond:
          before && seconds > 0 && settled !== null && before.settled !== null
            ? Math.max(0, settled - before.settled) / seconds
            : 0,
        till:
          before?.pos && pos
            ? routeTraffic(before.pos, pos, seconds, 'POST', '/pos/payments')
            : EMPTY_ROUTE,
        toll:
          before?.toll && toll
            ? routeTraffic(before.toll, toll, seconds, 'POST', '/toll/exits')
            : EMPTY_ROUTE,
      },
      errors,
      supervised: this.config.SUPERVISOR_URL !== undefined,
    };
  }
}

function toHistoryPoint(s: ConsoleSnapshot): HistoryPoint {
  const lagByPartition: Record<number, number> = {};
  for (const p of s.workerGroup?.partitions ?? []) lagByPartition[p.partition] = Number(p.lag);
  return {
    at: s.at,
    lagByPartition,
    outboxBacklog: s.database?.outboxBacklog ?? null,
    settledPerSecond: s.traffic.settledPerSecond,
    tillPerSecondByStatus: s.traffic.till.perSecondByStatus,
    tollPerSecond: Object.values(s.traffic.toll.perSecondByStatus).reduce((a, b) => a + b, 0),
    tillP50Ms: s.traffic.till.p50Ms,
    tillP99Ms: s.traffic.till.p99Ms,
    tollP50Ms: s.traffic.toll.p50Ms,
    tollP99Ms: s.traffic.toll.p99Ms,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${name} did not answer within ${ms} ms`)), ms);
    }),
  ]);
}
