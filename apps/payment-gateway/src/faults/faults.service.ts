import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { GatewayFaults } from '@paystream/contracts';
import { GatewayConfig } from '../config/gateway.config';
import { GatewayDownError } from './gateway-down.error';

export const NO_FAULTS: GatewayFaults = Object.freeze({
  down: false,
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  hangRate: 0,
  resetAfterCommitRate: 0,
  serverErrorAfterCommitRate: 0,
});

/**
 * Run-time fault modes of the simulator (per process, in memory: a demo knob,
 * not data). Holds are tracked so shutdown releases them instead of waiting.
 */
@Injectable()
export class FaultsService implements OnModuleDestroy {
  private current: GatewayFaults = { ...NO_FAULTS };
  private readonly holds = new Set<() => void>();

  constructor(@Inject(APP_CONFIG) private readonly config: GatewayConfig) {}

  get(): GatewayFaults {
    return { ...this.current };
  }

  /** PUT semantics with merge: fields not given keep their value. */
  update(change: Partial<GatewayFaults>): GatewayFaults {
    this.current = { ...this.current, ...change };
    return this.get();
  }

  assertUp(): void {
    if (this.current.down) throw new GatewayDownError();
  }

  rollError(): boolean {
    return Math.random() < this.current.errorRate;
  }

  rollHang(): boolean {
    return Math.random() < this.current.hangRate;
  }

  /** What happens to the reply once the charge and its stored response are committed. */
  rollAfterCommit(): 'reply' | 'reset' | 'server_error' {
    if (Math.random() < this.current.resetAfterCommitRate) return 'reset';
    if (Math.random() < this.current.serverErrorAfterCommitRate) return 'server_error';
    return 'reply';
  }

  /** Processing time: latency plus up to jitter. */
  async simulateLatency(): Promise<void> {
    const ms = this.current.latencyMs + Math.floor(Math.random() * this.current.jitterMs);
    if (ms > 0) await this.sleep(ms);
  }

  /** Holds a reply "forever", capped at HOLD_MAX_MS so no request leaks. */
  hold(): Promise<void> {
    return this.sleep(this.config.HOLD_MAX_MS);
  }

  onModuleDestroy(): void {
    for (const release of [...this.holds]) release();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.holds.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      this.holds.add(release);
    });
  }
}
