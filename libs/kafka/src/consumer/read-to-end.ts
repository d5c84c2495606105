import { randomBytes } from 'node:crypto';
import { EachMessagePayload, Kafka } from 'kafkajs';
import { withAdmin } from '../admin/with-admin';
import { subscribeWhenKnown } from './subscribe-when-known';

export interface ReadToEndOptions {
  /** Default: a fresh random group (nothing is committed either way). */
  groupId?: string;
  timeoutMs?: number;
}

/**
 * Reads `topics` from the beginning up to the end offsets taken first, with
 * a consumer that commits nothing, and returns how many records it handed to
 * `onMessage`. It reads committed records only (KafkaJS's default): aborted
 * records and transaction markers take offsets but are never delivered, so
 * the end is recognised from each fetched batch's last offset, not from the
 * last delivered record. A transaction still open holds the read back until
 * it ends.
 */
export async function readToEnd(
  kafka: Kafka,
  topics: string[],
  onMessage: (payload: EachMessagePayload) => void | Promise<void>,
  options: ReadToEndOptions = {},
): Promise<number> {
  const remaining = new Map<string, bigint>(); // "topic/partition" -> end offset (exclusive)
  await withAdmin(kafka, async (admin) => {
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(p.high) > BigInt(p.low))
          remaining.set(`${topic}/${p.partition}`, BigInt(p.high));
      }
    }
  });
  if (remaining.size === 0) return 0;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const consumer = kafka.consumer({
    groupId: options.groupId ?? `read-to-end-${randomBytes(6).toString('hex')}`,
  });
  let delivered = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const reached = (topic: string, partition: number, lastOffset: string) => {
    const id = `${topic}/${partition}`;
    const end = remaining.get(id);
    if (end === undefined || BigInt(lastOffset) + 1n < end) return;
    remaining.delete(id);
    if (remaining.size === 0) done();
  };
  await consumer.connect();
  try {
    // Emitted for every fetched batch, also one that held only markers or aborted records.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) =>
      reached(payload.topic, payload.partition, payload.lastOffset),
    );
    await subscribeWhenKnown(consumer, { topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async (payload) => {
        delivered++;
        await onMessage(payload);
        reached(payload.topic, payload.partition, payload.message.offset);
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      finished,
      new Promise((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `${remaining.size} partition(s) of ${topics.join(', ')} not read to the end ` +
                  `within ${timeoutMs} ms (${[...remaining.keys()].join(', ')})`,
              ),
            ),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    return delivered;
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}
