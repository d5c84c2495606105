import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@paystream/observability';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

@Injectable()
export class DbSinkMetrics {
  readonly lag: Gauge<'partition'>;
  readonly batchSize: Histogram;
  readonly rowsWritten: Counter<'outcome'>;
  readonly duplicatesSkipped: Counter;
  readonly deadLettered: Counter;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.lag = new Gauge({
      name: 'db_sink_partition_lag',
      help: 'Records behind the high watermark after the last batch',
      labelNames: ['partition'],
      registers: [registry],
    });
    this.batchSize = new Histogram({
      name: 'db_sink_batch_size',
      help: 'Records per written batch',
      buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000],
      registers: [registry],
    });
    this.rowsWritten = new Counter({
      name: 'db_sink_rows_written_total',
      help: 'Result events applied to toll_charges (outcome, or stale when a newer status was already there)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.duplicatesSkipped = new Counter({
      name: 'db_sink_duplicates_skipped_total',
      help: 'Result events already in the processed_events ledger',
      registers: [registry],
    });
    this.deadLettered = new Counter({
      name: 'db_sink_dead_lettered_total',
      help: 'Results sent to the results DLQ (unknown charge, unwritable)',
      registers: [registry],
    });
  }
}
