import { parseArgs } from 'node:util';
import { brokersOption, numberOption } from '../demo/cli/number-option';

export interface ChaosOptions {
  quick: boolean;
  brokers: 1 | 3;
  /** Scenario names to run (all when empty). */
  only: string[];
  /** Charges (till payments + toll exits) per scenario. */
  charges: number;
  /** Charges started per second (all kinds together). */
  rate: number;
  /** How long a lasting fault (outage, hang, broker down) lasts, seconds. */
  faultSeconds: number;
  /** Longest a scenario's backlog may take to become final after the fault is healed. */
  drainTimeoutSeconds: number;
  partitions: number;
  resultsDir: string;
  list: boolean;
}

export const CHAOS_HELP = `npm run chaos -- [options]

Starts the whole system (its own Kafka brokers, Redis and database), then for
each scenario drives till (sync and ?via=queue) and toll traffic, injects one
fault mid-traffic, heals it, waits for the backlog and audits Postgres and
Kafka. Exit code 0 only if every audit holds. Report in chaos-results/.

  --quick                 a few hundred charges per scenario, short faults (CI)
  --brokers 1|3           Kafka brokers (default 3: RF 3, min ISR 2); 1 for development
                          (the broker scenarios are then skipped)
  --only a,b              run only these scenarios (see --list)
  --charges N             charges per scenario (default 10000, quick 300)
  --rate N                charges started per second (default 40, quick 24)
  --fault-seconds N       length of a lasting fault (default 120, quick 6)
  --drain-timeout N       seconds allowed for a scenario's backlog after healing
                          (default 300, quick 90)
  --partitions N          partitions of the charges topics (default 6, quick 3)
  --results DIR           where the Markdown and JSON go (default chaos-results)
  --list                  print the scenarios and exit
  -h, --help              this text
`;

export function parseChaosOptions(argv: string[], known: readonly string[]): ChaosOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      brokers: { type: 'string' },
      only: { type: 'string' },
      charges: { type: 'string' },
      rate: { type: 'string' },
      'fault-seconds': { type: 'string' },
      'drain-timeout': { type: 'string' },
      partitions: { type: 'string' },
      results: { type: 'string', default: 'chaos-results' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const quick = values.quick === true;
  const num = (name: string, raw: string | undefined, fallback: number) =>
    numberOption(name, raw, fallback, { whole: true });
  const brokers = brokersOption(values.brokers, 3, { whole: true });
  const only = (values.only ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only.filter((s) => !known.includes(s));
  if (unknown.length > 0) {
    throw new Error(
      `--only: unknown scenario(s) ${unknown.join(', ')} (known: ${known.join(', ')})`,
    );
  }
  return {
    quick,
    brokers,
    only,
    charges: num('charges', values.charges, quick ? 300 : 10_000),
    rate: num('rate', values.rate, quick ? 24 : 40),
    faultSeconds: num('fault-seconds', values['fault-seconds'], quick ? 6 : 120),
    drainTimeoutSeconds: num('drain-timeout', values['drain-timeout'], quick ? 90 : 300),
    partitions: num('partitions', values.partitions, quick ? 3 : 6),
    resultsDir: values.results ?? 'chaos-results',
    list: values.list === true,
  };
}
