import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@paystream/observability';
import { Counter, Registry } from 'prom-client';

@Injectable()
export class PosMetrics {
  readonly payments: Counter<'mode' | 'status'>;
  readonly replays: Counter;
  readonly resolutions: Counter<'resolution'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.payments = new Counter({
      name: 'pos_payments_total',
      help: 'Till payments answered, by mode and outcome',
      labelNames: ['mode', 'status'],
      registers: [registry],
    });
    this.replays = new Counter({
      name: 'pos_payment_replays_total',
      help: 'Stored outcomes replayed for a repeated Idempotency-Key',
      registers: [registry],
    });
    this.resolutions = new Counter({
      name: 'pos_payment_resolutions_total',
      help: 'Timed-out payments resolved, by what was found',
      labelNames: ['resolution'],
      registers: [registry],
    });
  }
}
