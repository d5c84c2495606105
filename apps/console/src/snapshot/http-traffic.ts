import { MetricSample } from './prometheus-text';

const HISTOGRAM = 'http_server_request_duration_seconds';

/** Answers of one route in one window: how many per status, per second, and how fast. */
export interface RouteTraffic {
  /** Answers per second by HTTP status. */
  perSecondByStatus: Record<string, number>;
  /** Latency quantiles in ms over the window (null with no answers). */
  p50Ms: number | null;
  p99Ms: number | null;
}

interface Cumulative {
  countByStatus: Map<string, number>;
  /** Cumulative bucket counts by upper bound (seconds), all statuses together. */
  buckets: Map<number, number>;
}

function cumulative(samples: readonly MetricSample[], method: string, route: string): Cumulative {
  const countByStatus = new Map<string, number>();
  const buckets = new Map<number, number>();
  for (const s of samples) {
    if (s.labels.method !== method || s.labels.route !== route) continue;
    if (s.name === `${HISTOGRAM}_count`) {
      countByStatus.set(s.labels.status, (countByStatus.get(s.labels.status) ?? 0) + s.value);
    } else if (s.name === `${HISTOGRAM}_bucket`) {
      const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
      buckets.set(le, (buckets.get(le) ?? 0) + s.value);
    }
  }
  return { countByStatus, buckets };
}

/**
 * The quantile from a histogram's bucket counts, interpolated linearly inside
 * the bucket as Prometheus's histogram_quantile does; the last finite bound
 * when it falls in the +Inf bucket.
 */
export function histogramQuantile(q: number, buckets: ReadonlyMap<number, number>): number | null {
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const total =
    buckets.get(Infinity) ?? (bounds.length ? buckets.get(bounds[bounds.length - 1])! : 0);
  if (!total || total <= 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bound of bounds) {
    const count = buckets.get(bound)!;
    if (count >= rank) {
      if (bound === Infinity) return lowerBound;
      const inBucket = count - lowerCount;
      return inBucket <= 0
        ? bound
        : lowerBound + (bound - lowerBound) * ((rank - lowerCount) / inBucket);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}

/**
 * What one route answered between two scrapes of an app's /metrics: the
 * difference of the cumulative counters, so a restarted app (counters back at
 * zero) gives an empty window rather than negative rates.
 */
export function routeTraffic(
  before: readonly MetricSample[],
  after: readonly MetricSample[],
  seconds: number,
  method: string,
  route: string,
): RouteTraffic {
  const a = cumulative(before, method, route);
  const b = cumulative(after, method, route);
  const perSecondByStatus: Record<string, number> = {};
  let restarted = false;
  for (const [status, count] of b.countByStatus) {
    const delta = count - (a.countByStatus.get(status) ?? 0);
    if (delta < 0) restarted = true;
    else if (delta > 0) perSecondByStatus[status] = delta / seconds;
  }
  if (restarted || seconds <= 0) return { perSecondByStatus: {}, p50Ms: null, p99Ms: null };
  const window = new Map<number, number>();
  for (const [le, count] of b.buckets) window.set(le, count - (a.buckets.get(le) ?? 0));
  const toMs = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 10);
  return {
    perSecondByStatus,
    p50Ms: toMs(histogramQuantile(0.5, window)),
    p99Ms: toMs(histogramQuantile(0.99, window)),
  };
}
