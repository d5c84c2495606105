/**
 * Re-publishes dead letters to the topic they came from, with their original
 * key, value and headers (the dlq-* headers removed), and prints what it did.
 *
 *   npm run dlq:replay -- --topic toll.charges.dlq.v1 --event-id <uuid> [--dry-run]
 *   npm run dlq:replay -- --topic toll.charges.dlq.v1 --all [--dry-run]
 *
 * Replaying is safe because every consumer is idempotent: the gateway dedupes
 * by charge id, the sink by event id. KAFKA_BROKERS says where Kafka is. The
 * console's "re-drive" buttons run the same code (libs/kafka dead-letters).
 */
import { parseArgs } from 'node:util';
import { HEADERS } from '@paystream/contracts';
import {
  createKafka,
  describeDeadLetter,
  EventProducer,
  readDeadLetters,
  replayDeadLetters,
} from '@paystream/kafka';

const LABEL = { replayed: 'REPLAY', 'would-replay': 'WOULD ', skipped: 'SKIP  ' } as const;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      topic: { type: 'string' },
      'event-id': { type: 'string' },
      all: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (!values.topic || (!values.all && !values['event-id'])) {
    console.error('usage: dlq-replay --topic <dlq topic> (--event-id <id> | --all) [--dry-run]');
    process.exit(64);
  }
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
  const kafka = createKafka({ clientId: 'dlq-replay', brokers });
  const letters = (await readDeadLetters(kafka, values.topic)).filter(
    (l) => values.all || l.headers[HEADERS.eventId] === values['event-id'],
  );
  if (letters.length === 0) {
    console.log(`no dead letters matched on ${values.topic}`);
    return;
  }
  const dryRun = values['dry-run'];
  const producer = new EventProducer(kafka);
  if (!dryRun) await producer.connect();
  try {
    for (const outcome of await replayDeadLetters(producer, letters, { dryRun })) {
      const where = outcome.target ? ` → ${outcome.target}` : `: ${outcome.reason}`;
      console.log(`${LABEL[outcome.status]} ${describeDeadLetter(outcome.letter)}${where}`);
    }
  } finally {
    if (!dryRun) await producer.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
