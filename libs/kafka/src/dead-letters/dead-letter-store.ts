import { withAdmin } from '../admin/with-admin';
import { DLQ_HEADERS, HEADERS } from '@paystream/contracts';
import { Kafka } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { headersToStrings } from '../consumer/consumed-record';
import { EventProducer } from '../producer/event-producer';

/** One record on a dead-letter topic, as read back from Kafka. */
export interface StoredDeadLetter {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface ReadDeadLettersOptions {
  /** Keep only the newest this many (by offset within each partition). Default: all. */
  limit?: number;
  /** Give up waiting for the end of the topic after this long. Default 30 s. */
  timeoutMs?: number;
}

/**
 * Reads a dead-letter topic from the beginning up to its current end, with a
 * throwaway group that commits nothing: reading never moves anyone's position.
 */
export async function readDeadLetters(
  kafka: Kafka,
  topic: string,
  options: ReadDeadLettersOptions = {},
): Promise<StoredDeadLetter[]> {
  const ends = new Map(
    (await withAdmin(kafka, (admin) => admin.fetchTopicOffsets(topic))).map((p) => [
      p.partition,
      BigInt(p.high),
    ]),
  );
  const letters: StoredDeadLetter[] = [];
  const remaining = new Set([...ends].filter(([, high]) => high > 0n).map(([p]) => p));
  if (remaining.size === 0) return letters;
  const consumer = kafka.consumer({ groupId: `dlq-reader-${randomBytes(6).toString('hex')}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `reading ${topic} did not reach its end within ${options.timeoutMs ?? 30_000} ms`,
            ),
          ),
        options.timeoutMs ?? 30_000,
      );
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            letters.push({
              topic,
              partition,
              offset: message.offset,
              timestamp: message.timestamp,
              key: message.key?.toString() ?? null,
              value: message.value,
              headers: headersToStrings(message.headers),
            });
            if (BigInt(message.offset) + 1n >= (ends.get(partition) ?? 0n))
              remaining.delete(partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error);
        });
    });
  } finally {
    await consumer.disconnect();
  }
  letters.sort((a, b) => Number(BigInt(a.timestamp) - BigInt(b.timestamp)));
  return options.limit !== undefined ? letters.slice(-options.limit) : letters;
}

/** One line naming a dead letter and why it is there. */
export function describeDeadLetter(letter: StoredDeadLetter): string {
  return (
    `${letter.topic}[${letter.partition}]@${letter.offset} event ${letter.headers[HEADERS.eventId] ?? '?'} ` +
    `key ${letter.key ?? '-'} (${letter.headers[DLQ_HEADERS.errorClass] ?? '?'}: ${letter.headers[DLQ_HEADERS.reason] ?? '?'})`
  );
}

export interface ReplayOutcome {
  letter: StoredDeadLetter;
  /** The topic it went back to (its dlq-original-topic header). */
  target?: string;
  status: 'replayed' | 'would-replay' | 'skipped';
  /** Why it was skipped. */
  reason?: string;
}

/**
 * Re-publishes dead letters to the topic they came from with their original
 * key, value and headers (the dlq-* headers removed). Safe because every
 * consumer is idempotent: the gateway dedupes by charge id, the sink by event id.
 */
export async function replayDeadLetters(
  producer: EventProducer,
  letters: readonly StoredDeadLetter[],
  options: { dryRun?: boolean } = {},
): Promise<ReplayOutcome[]> {
  const outcomes: ReplayOutcome[] = [];
  for (const letter of letters) {
    const target = letter.headers[DLQ_HEADERS.originalTopic];
    if (!target) {
      outcomes.push({
        letter,
        status: 'skipped',
        reason: `no ${DLQ_HEADERS.originalTopic} header`,
      });
      continue;
    }
    if (options.dryRun) {
      outcomes.push({ letter, target, status: 'would-replay' });
      continue;
    }
    const headers = Object.fromEntries(
      Object.entries(letter.headers).filter(([name]) => !name.startsWith('dlq-')),
    );
    await producer.send(target, [{ key: letter.key ?? '', value: letter.value ?? '', headers }]);
    outcomes.push({ letter, target, status: 'replayed' });
  }
  return outcomes;
}
