/**
 * Re-publishes dead letters to the topic they came from, with their original
 * key, value and headers (the dlq-* headers removed), and prints what it did.
 *
 *   npm run dlq:replay -- --topic toll.charges.dlq.v1 --event-id <uuid> [--dry-run]
 *   npm run dlq:replay -- --topic toll.charges.dlq.v1 --all [--dry-run]
 *
 * Replaying is safe because every consumer is idempotent: the gateway dedupes
 * by charge id, the sink by event id. KAFKA_BROKERS says where Kafka is.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DLQ_HEADERS, HEADERS } from '@paystream/contracts';
import { createKafka, EventProducer, headersToStrings } from '@paystream/kafka';
import { KafkaMessage } from 'kafkajs';

interface DeadLetter {
  partition: number;
  message: KafkaMessage;
  headers: Record<string, string>;
}

async function readAll(kafka: ReturnType<typeof createKafka>, topic: string): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  await admin.disconnect();
  const letters: DeadLetter[] = [];
  const remaining = new Set([...ends].filter(([, high]) => high > 0n).map(([p]) => p));
  if (remaining.size === 0) return letters;
  // A throwaway group that commits nothing: replay never moves anyone's position on the DLQ.
  const consumer = kafka.consumer({ groupId: `dlq-replay-${randomBytes(6).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          letters.push({ partition, message, headers: headersToStrings(message.headers) });
          if (BigInt(message.offset) + 1n >= (ends.get(partition) ?? 0n)) remaining.delete(partition);
          if (remaining.size === 0) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return letters;
}

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
  const letters = (await readAll(kafka, values.topic)).filter(
    (l) => values.all || l.headers[HEADERS.eventId] === values['event-id'],
  );
  if (letters.length === 0) {
    console.log(`no dead letters matched on ${values.topic}`);
    return;
  }
  const producer = new EventProducer(kafka);
  if (!values['dry-run']) await producer.connect();
  try {
    for (const letter of letters) {
      const target = letter.headers[DLQ_HEADERS.originalTopic];
      const headers = Object.fromEntries(Object.entries(letter.headers).filter(([name]) => !name.startsWith('dlq-')));
      const what = `${values.topic}[${letter.partition}]@${letter.message.offset} event ${headers[HEADERS.eventId] ?? '?'} key ${letter.message.key?.toString() ?? '-'} (${letter.headers[DLQ_HEADERS.errorClass]}: ${letter.headers[DLQ_HEADERS.reason]})`;
      if (!target) {
        console.log(`SKIP   ${what}: no ${DLQ_HEADERS.originalTopic} header`);
        continue;
      }
      if (values['dry-run']) {
        console.log(`WOULD  ${what} → ${target}`);
        continue;
      }
      await producer.send(target, [
        { key: letter.message.key?.toString() ?? '', value: letter.message.value ?? '', headers },
      ]);
      console.log(`REPLAY ${what} → ${target}`);
    }
  } finally {
    if (!values['dry-run']) await producer.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
