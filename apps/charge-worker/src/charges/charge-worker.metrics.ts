import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@paystream/observability';
import { Counter, Gauge, Registry } from 'prom-client';

@Injectable()
export class ChargeWorkerMetrics {
  readonly outcomes: Counter<'outcome'>;
  readonly retriesScheduled: Counter;
  readonly gatewayFailures: Counter<'kind'>;
  readonly lag: Gauge<'partition'>;
  readonly gatewayInUse: Counter;
  readonly redriven: Counter;
  readonly outageRecoveries: Counter;
  readonly retriesPromoted: Counter;
  readonly redriveSweepFailures: Counter;
  readonly oldestPendingAge: Gauge;

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
    this.gatewayInUse = new Counter({
      name: 'charge_worker_gateway_in_use_total',
      help: 'Gateway answers 409 idempotency_key_in_use (asked again later; no attempt used up)',
      registers: [registry],
    });
    this.outageRecoveries = new Counter({
      name: 'charge_worker_outage_recoveries_total',
      help: 'Gateway outages ended: the first answer after a failure released the waiting retries',
      registers: [registry],
    });
    this.retriesPromoted = new Counter({
      name: 'charge_worker_retries_promoted_total',
      help: 'Delayed retries run at once because the gateway answered again (counted when released)',
      registers: [registry],
    });
    this.redriven = new Counter({
      name: 'charge_worker_redriven_total',
      help: 'PENDING charges re-driven from Postgres because Redis held no retry for them (lost or exhausted)',
      registers: [registry],
    });
    this.redriveSweepFailures = new Counter({
      name: 'charge_worker_redrive_sweep_failures_total',
      help: 'Re-drive sweeps that failed (Postgres, Redis or Kafka unavailable); the next sweep tries again',
      registers: [registry],
    });
    this.oldestPendingAge = new Gauge({
      name: 'charge_worker_oldest_pending_charge_age_seconds',
      help: 'Age of the oldest PENDING toll charge at the last sweep (0 when none): a long outage shows here',
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
