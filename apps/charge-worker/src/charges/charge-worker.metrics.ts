import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@paystream/observability';
import { Counter, Gauge, Registry } from 'prom-client';

@Injectable()
export class ChargeWorkerMetrics {
  readonly outcomes: Counter<'outcome'>;
  readonly retriesScheduled: Counter;
  readonly gatewayFailures: Counter<'kind'>;
  readonly lag: Gauge<'partition'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.outcomes = new Counter({
      name: 'charge_worker_outcomes_total',
      help: 'Final outcomes published (SETTLED / DECLINED / FAILED)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.retriesScheduled = new Counter({
      name: 'charge_worker_retries_scheduled_total',
      help: 'Charges handed to the delayed retry queue',
      registers: [registry],
    });
    this.gatewayFailures = new Counter({
      name: 'charge_worker_gateway_failures_total',
      help: 'Gateway calls that ended without an answer',
      labelNames: ['kind'],
      registers: [registry],
    });
    this.lag = new Gauge({
      name: 'charge_worker_partition_lag',
      help: 'Records behind the high watermark after the last batch, per partition held by this member',
      labelNames: ['partition'],
      registers: [registry],
    });
  }
}
