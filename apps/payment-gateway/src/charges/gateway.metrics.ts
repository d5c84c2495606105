import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@paystream/observability';
import { Counter, Gauge, Registry } from 'prom-client';

/** What the gateway was asked and what it answered (tests also use requests_total to prove a call was never made). */
@Injectable()
export class GatewayMetrics {
  readonly chargeRequests: Counter;
  readonly charges: Counter<'outcome'>;
  readonly inFlight: Gauge;
  readonly replays: Counter;
  readonly voids: Counter;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.chargeRequests = new Counter({
      name: 'gateway_charge_requests_total',
      help: 'POST /v1/charges requests received (including those refused while down)',
      registers: [registry],
    });
    this.charges = new Counter({
      name: 'gateway_charges_total',
      help: 'Charge requests by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.inFlight = new Gauge({
      name: 'gateway_charges_in_flight',
      help: 'Charges being processed',
      registers: [registry],
    });
    this.replays = new Counter({
      name: 'gateway_idempotent_replays_total',
      help: 'Stored responses replayed for a repeated Idempotency-Key',
      registers: [registry],
    });
    this.voids = new Counter({
      name: 'gateway_voids_total',
      help: 'Charges voided',
      registers: [registry],
    });
  }
}
