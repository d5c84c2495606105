import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { ReadinessCheck } from './readiness-check';

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string; ms: number }>;
}

/** Feature modules register their dependencies here; /health/ready asks them all. */
@Injectable()
export class ReadinessRegistry implements BeforeApplicationShutdown {
  private readonly checks = new Map<string, ReadinessCheck>();
  private draining = false;

  register(check: ReadinessCheck): void {
    this.checks.set(check.name, check);
  }

  /** Once shutdown starts the app reports not-ready so load balancers stop sending work. */
  markDraining(): void {
    this.draining = true;
  }

  beforeApplicationShutdown(): void {
    this.markDraining();
  }

  async report(timeoutMs = 2_000): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks.values()].map(async (c) => {
        const started = Date.now();
        try {
          await withTimeout(
            c.check(),
            timeoutMs,
            `${c.name} did not answer within ${timeoutMs} ms`,
          );
          return [c.name, { ok: true, ms: Date.now() - started }] as const;
        } catch (error) {
          return [
            c.name,
            { ok: false, error: (error as Error).message, ms: Date.now() - started },
          ] as const;
        }
      }),
    );
    const checks: ReadinessReport['checks'] = Object.fromEntries(entries);
    if (this.draining) checks['shutdown'] = { ok: false, error: 'draining', ms: 0 };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
