import { parseArgs } from 'node:util';
import { brokersOption, numberOption } from './cli/number-option';

export interface DemoOptions {
  quick: boolean;
  brokers: 1 | 3;
  /** Seconds per traffic phase. */
  phaseSeconds: number;
  tillRate: number;
  tollRate: number;
  partitions: number;
  workers: number;
  external: boolean;
  resultsDir: string;
  keepDb: boolean;
  /** Run the console beside the demo and print its URL. */
  console: boolean;
  /** Longest the backlog may take to drain before the demo gives up (and fails). */
  drainTimeoutSeconds: number;
  // --external only: where the running services are.
  urls: { gateway: string; pos: string; toll: string; worker: string };
  adminToken: string;
}

export const DEMO_HELP = `npm run demo -- [options]

Runs both stories through a gateway outage on real Kafka, Postgres and Redis,
then audits the databases. Exit code 0 only if the audit holds.

  --quick                 short phases and low rates (about a minute; used by npm test)
  --brokers 1|3           Kafka brokers to start (default 3; phase 5 needs 3)
  --phase-seconds N       seconds per phase (default 20, quick 5)
                          (defaults suit 2 cores running three brokers and eight app processes)
  --till-rate N           till payments per second (default 6, quick 8)
  --toll-rate N           toll exits per second (default 12, quick 15)
  --partitions N          partitions of the charges topics (default 4, quick 2)
  --workers N             charge-worker processes at the start (default 2, quick 1)
  --results DIR           where the Markdown and JSON report go (default demo-results)
  --keep-db               keep the demo's database afterwards on the DATABASE_URL server
                          (its URL is printed; refused with an embedded Postgres, which is removed)
  --console               run the console (the live picture) beside the phases; its URL is printed
  --drain-timeout N       seconds allowed for the backlog to drain (default 180)
  --external              drive already-running services (docker compose) instead of
                          starting them; needs DATABASE_URL and KAFKA_BROKERS, and
                          --gateway-url --pos-url --toll-url --worker-url --admin-token
  -h, --help              this text
`;

export function parseDemoOptions(argv: string[]): DemoOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      brokers: { type: 'string' },
      'phase-seconds': { type: 'string' },
      'till-rate': { type: 'string' },
      'toll-rate': { type: 'string' },
      partitions: { type: 'string' },
      workers: { type: 'string' },
      results: { type: 'string', default: 'demo-results' },
      'keep-db': { type: 'boolean', default: false },
      console: { type: 'boolean', default: false },
      'drain-timeout': { type: 'string' },
      external: { type: 'boolean', default: false },
      'gateway-url': { type: 'string', default: 'http://127.0.0.1:4000' },
      'pos-url': { type: 'string', default: 'http://127.0.0.1:4100' },
      'toll-url': { type: 'string', default: 'http://127.0.0.1:3200' },
      'worker-url': { type: 'string', default: 'http://127.0.0.1:3400' },
      'admin-token': {
        type: 'string',
        default: process.env.GATEWAY_ADMIN_TOKEN ?? 'paystream-local-admin-token',
      },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const quick = values.quick === true;
  const num = (name: string, raw: string | undefined, fallback: number, min = 1) =>
    numberOption(name, raw, fallback, { min });
  const brokers = brokersOption(values.brokers, quick ? 1 : 3);
  return {
    quick,
    brokers,
    phaseSeconds: num('phase-seconds', values['phase-seconds'], quick ? 5 : 20),
    tillRate: num('till-rate', values['till-rate'], quick ? 8 : 6, 0),
    tollRate: num('toll-rate', values['toll-rate'], quick ? 15 : 12, 0),
    partitions: num('partitions', values.partitions, quick ? 2 : 4),
    workers: num('workers', values.workers, quick ? 1 : 2),
    external: values.external === true,
    resultsDir: values.results ?? 'demo-results',
    keepDb: values['keep-db'] === true,
    console: values.console === true,
    drainTimeoutSeconds: num('drain-timeout', values['drain-timeout'], 180),
    urls: {
      gateway: values['gateway-url']!,
      pos: values['pos-url']!,
      toll: values['toll-url']!,
      worker: values['worker-url']!,
    },
    adminToken: values['admin-token']!,
  };
}
