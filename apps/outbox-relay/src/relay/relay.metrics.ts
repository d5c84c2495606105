import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { OutboxBacklog } from '@paystream/outbox';

/** Prometheus metrics of the relay; backlog gauges are read from the database at scrape time. */
export class RelayMetrics {
  readonly batches: Counter;
  readonly published: Counter;
  readonly failures: Counter<'error'>;
  readonly publishLatency: Histogram;
  readonly active: Gauge;
  readonly unacknowledgedResends: Counter;
  readonly held: Counter;

  constructor(registry: Registry, backlog: () => Promise<OutboxBacklog>) {
    this.batches = new Counter({
      name: 'outbox_relay_batches_total',
      help: 'Batches published and acknowledged',
      registers: [registry],
    });
    this.published = new Counter({
      name: 'outbox_relay_published_rows_total',
      help: 'Rows published and acknowledged',
      registers: [registry],
    });
    this.failures = new Counter({
      name: 'outbox_relay_publish_failures_total',
      help: 'Failed publish attempts (rows kept, retried after backoff)',
      labelNames: ['error'],
      registers: [registry],
    });
    this.publishLatency = new Histogram({
      name: 'outbox_relay_publish_seconds',
      help: 'Time from sending a batch to its acknowledgement and marking',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.unacknowledgedResends = new Counter({
      name: 'outbox_relay_unacknowledged_resends_total',
      help: 'Batches sent again because a partition was missing from the acknowledgement (duplicates follow)',
      registers: [registry],
    });
    this.held = new Counter({
      name: 'outbox_relay_rows_held_total',
      help: 'Rows found unpublishable and held (their key waits behind them)',
      registers: [registry],
    });
    this.active = new Gauge({
      name: 'outbox_relay_active',
      help: '1 when this instance holds the lock and publishes',
      registers: [registry],
    });
    let last: OutboxBacklog | undefined;
    const read = async () => {
      last = await backlog().catch(() => last);
      return last;
    };
    new Gauge({
      name: 'outbox_backlog_rows',
      help: 'Unpublished outbox rows',
      registers: [registry],
      async collect() {
        const b = await read();
        if (b) this.set(b.count);
      },
    });
    new Gauge({
      name: 'outbox_held_rows',
      help: 'Unpublished rows held as unpublishable, waiting for an operator',
      registers: [registry],
      async collect() {
        const b = last ?? (await read());
        if (b) this.set(b.held);
      },
    });
    new Gauge({
      name: 'outbox_oldest_unpublished_age_seconds',
      help: 'Age of the oldest unpublished outbox row (0 when none)',
      registers: [registry],
      async collect() {
        const b = last ?? (await read());
        if (b) this.set(b.oldestAgeSeconds);
      },
    });
  }
}
