export interface GatewayClientOptions {
  /** e.g. http://127.0.0.1:4000 */
  baseUrl: string;
  /** Deadline for calls that pass none (ms). */
  defaultTimeoutMs: number;
  /** Injected for tests; the global (undici) fetch otherwise. */
  fetch?: typeof fetch;
}

export interface CallOptions {
  /** Deadline of this call (ms); defaults to the client's defaultTimeoutMs. */
  timeoutMs?: number;
  /** Caller's cancellation (e.g. the till's request deadline); reported as a timeout. */
  signal?: AbortSignal;
}
