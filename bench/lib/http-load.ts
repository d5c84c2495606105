import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSec: number;
  /** 2xx responses per second (what counts as throughput: errors are never in it). */
  okPerSec: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationS: number;
  method: 'POST' | 'GET';
  /** A fresh request per call (unique idempotency keys). */
  makeRequest: () => { headers?: Record<string, string>; body?: string };
  timeoutS?: number;
}

/** Fixed-concurrency load with autocannon (closed loop: `connections` requests outstanding at any time). */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationS,
    timeout: options.timeoutS ?? 10,
    requests: [
      {
        method: options.method,
        setupRequest: (request) => {
          const next = options.makeRequest();
          return {
            ...request,
            headers: { ...request.headers, 'content-type': 'application/json', ...next.headers },
            body: next.body,
          };
        },
      },
    ],
  });
  const ok = result['2xx'];
  return {
    requestsPerSec: result.requests.average,
    okPerSec: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: result.duration,
  };
}
