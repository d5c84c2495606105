import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { GatewayClientError } from '@paystream/gateway-client';
import { METRICS_REGISTRY } from '@paystream/observability';
import CircuitBreaker from 'opossum';
import { Counter, Gauge, Registry } from 'prom-client';
import { PosConfig } from '../config/pos.config';
import { BREAKER_STATE_VALUE, BreakerStateName } from './breaker-state';

type Call = () => Promise<unknown>;

/**
 * One circuit breaker (opossum) around every charge the till sends. After
 * repeated gateway failures it opens and calls fail at once (the till answers
 * 503 instead of making the customer wait for the deadline); after the reset
 * timeout one probe goes through (half-open) and closes it on success.
 * Only gateway faults count: a decline is an answer, not a failure.
 */
@Injectable()
export class GatewayBreaker implements OnModuleDestroy {
  private readonly logger = new Logger('GatewayBreaker');
  private readonly breaker: CircuitBreaker<[Call], unknown>;
  private readonly state: Gauge;
  private readonly transitions: Counter<'to'>;

  constructor(@Inject(APP_CONFIG) config: PosConfig, @Inject(METRICS_REGISTRY) registry: Registry) {
    this.state = new Gauge({
      name: 'pos_gateway_breaker_state',
      help: 'Gateway circuit breaker: 0 closed, 1 half-open, 2 open',
      registers: [registry],
    });
    this.transitions = new Counter({
      name: 'pos_gateway_breaker_transitions_total',
      help: 'Gateway circuit breaker state changes',
      labelNames: ['to'],
      registers: [registry],
    });
    this.breaker = new CircuitBreaker((call: Call) => call(), {
      // The deadline is the caller's (AbortSignal in the client), not the breaker's.
      timeout: false,
      errorThresholdPercentage: config.BREAKER_ERROR_THRESHOLD_PERCENT,
      volumeThreshold: config.BREAKER_VOLUME_THRESHOLD,
      resetTimeout: config.BREAKER_RESET_TIMEOUT_MS,
      rollingCountTimeout: config.BREAKER_ROLLING_WINDOW_MS,
      // true = "not a failure": only errors that question the gateway's health count.
      errorFilter: (error: unknown) => !(error instanceof GatewayClientError && error.gatewayFault),
    });
    this.breaker.on('open', () => this.moved('open'));
    this.breaker.on('halfOpen', () => this.moved('half_open'));
    this.breaker.on('close', () => this.moved('closed'));
    this.state.set(BREAKER_STATE_VALUE.closed);
  }

  fire<T>(call: () => Promise<T>): Promise<T> {
    return this.breaker.fire(call) as Promise<T>;
  }

  get stateName(): BreakerStateName {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'half_open' : 'closed';
  }

  /** opossum rejects with code EOPENBREAKER when it refuses a call. */
  static isOpenCircuit(error: unknown): boolean {
    return (error as { code?: string })?.code === 'EOPENBREAKER';
  }

  onModuleDestroy(): void {
    this.breaker.shutdown();
  }

  private moved(to: BreakerStateName): void {
    this.state.set(BREAKER_STATE_VALUE[to]);
    this.transitions.inc({ to });
    const log = { breaker: 'gateway', to, stats: this.breaker.stats };
    if (to === 'open')
      this.logger.warn(log, 'gateway circuit opened: answering 503 without calling the gateway');
    else
      this.logger.log(log, `gateway circuit ${to === 'closed' ? 'closed' : 'half-open (probing)'}`);
  }
}
