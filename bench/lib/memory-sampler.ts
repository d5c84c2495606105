import fs from 'node:fs';

/** A process whose memory is watched; `pids` is re-read at every tick (Postgres backends come and go). */
export interface WatchedProcess {
  name: string;
  /** Paystream apps are held to the 200 MB budget; infrastructure (JVMs, Postgres, Redis) is only reported. */
  kind: 'app' | 'infra' | 'tool';
  pids: () => Promise<number[]> | number[];
}

export interface MemoryPeak {
  name: string;
  kind: WatchedProcess['kind'];
  /** Highest resident set seen (MB): max of sampled VmRSS and the kernel's own VmHWM high-water mark. */
  peakRssMb: number;
  /** Distinct pids seen (several for Postgres backends). */
  processes: number;
}

/** Read once per sample; /proc/<pid>/status is world-readable, so Postgres' own processes work too. */
export function readRssKb(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rss: field('VmRSS'), hwm: field('VmHWM') };
  } catch {
    return undefined; // the process exited between listing and reading
  }
}

/**
 * Samples every watched process periodically. VmHWM is used for processes the
 * scenario started (its whole life is inside the scenario); shared ones (a
 * broker reused by several scenarios) keep only what was sampled meanwhile.
 */
export class MemorySampler {
  private readonly peaks = new Map<
    string,
    { kind: WatchedProcess['kind']; kb: number; pids: Set<number> }
  >();
  private readonly watched: Array<WatchedProcess & { useHighWaterMark: boolean }> = [];
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> = Promise.resolve();

  constructor(private readonly intervalMs: number) {}

  watch(process: WatchedProcess, options: { ownedByScenario: boolean }): void {
    this.watched.push({ ...process, useHighWaterMark: options.ownedByScenario });
    if (!this.peaks.has(process.name))
      this.peaks.set(process.name, { kind: process.kind, kb: 0, pids: new Set() });
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.sampling = this.sampling.then(() => this.sample());
    }, this.intervalMs);
    this.timer.unref();
  }

  async sample(): Promise<void> {
    for (const w of this.watched) {
      let pids: number[];
      try {
        pids = await w.pids();
      } catch {
        continue; // e.g. Postgres not answering for a moment; the next tick tries again
      }
      const peak = this.peaks.get(w.name);
      if (!peak) continue;
      for (const pid of pids) {
        const mem = readRssKb(pid);
        if (!mem) continue;
        peak.pids.add(pid);
        peak.kb = Math.max(peak.kb, mem.rss, w.useHighWaterMark ? mem.hwm : 0);
      }
    }
  }

  async stop(): Promise<MemoryPeak[]> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.sampling;
    await this.sample();
    return [...this.peaks.entries()].map(([name, p]) => ({
      name,
      kind: p.kind,
      peakRssMb: Math.round((p.kb / 1024) * 10) / 10,
      processes: p.pids.size,
    }));
  }
}
