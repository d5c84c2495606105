import { parseArgs } from 'node:util';

export interface StartOptions {
  brokers: 1 | 3;
  workers: number;
  partitions: number;
  /** Keep steady till and toll traffic running. */
  traffic: boolean;
  tillRate: number;
  tollRate: number;
  /** Keep Kafka's data and the database across restarts (state in this folder). */
  keepData?: string;
}

export const START_HELP = `npm start -- [options]

Starts the whole of Paystream on this machine (no Docker): Kafka, Postgres and
Redis (the machine's through DATABASE_URL / REDIS_URL when reachable, else
embedded), migrations, topics and the six apps, then prints their URLs and a
few curl lines. Stays in the foreground; Ctrl-C or SIGTERM (also to npm)
stops everything it started.

  --brokers 1|3        Kafka brokers (default 1; 3 = replication factor 3, min ISR 2)
  --workers N          charge-worker processes (default 1)
  --partitions N       partitions of the charges topics (default 4)
  --traffic            keep steady till and toll traffic running
  --till-rate N        till payments per second with --traffic (default 2)
  --toll-rate N        toll exits per second with --traffic (default 5)
  --keep-data DIR      keep Kafka's data and the database across runs (needs a
                       Postgres that outlives the run: DATABASE_URL or the machine's)
  -h, --help           this text
`;

function positiveInt(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`--${name} must be an integer ≥ ${min}, got '${raw}'`);
  return n;
}

export function parseStartOptions(argv: string[]): StartOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      brokers: { type: 'string' },
      workers: { type: 'string' },
      partitions: { type: 'string' },
      traffic: { type: 'boolean', default: false },
      'till-rate': { type: 'string' },
      'toll-rate': { type: 'string' },
      'keep-data': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const brokers = positiveInt('brokers', values.brokers, 1);
  if (brokers !== 1 && brokers !== 3)
    throw new Error(`--brokers must be 1 or 3, got '${values.brokers}'`);
  return {
    brokers,
    workers: positiveInt('workers', values.workers, 1),
    partitions: positiveInt('partitions', values.partitions, 4),
    traffic: values.traffic === true,
    tillRate: positiveInt('till-rate', values['till-rate'], 2, 0),
    tollRate: positiveInt('toll-rate', values['toll-rate'], 5, 0),
    keepData: values['keep-data'],
  };
}
