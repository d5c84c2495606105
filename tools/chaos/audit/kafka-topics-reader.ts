import { DLQ_HEADERS, HEADERS, TOPICS } from '@paystream/contracts';
import { createKafka, readToEnd } from '@paystream/kafka';
import { logLevel } from 'kafkajs';
import { randomBytes } from 'node:crypto';

/** What the topics hold, read by a plain KafkaJS consumer of our own (not through the apps). */
export interface KafkaContents {
  /** event-id header of every record on the charges topic. */
  chargeEventIds: Set<string>;
  /** chargeId of every parsable record on the results topic. */
  resultChargeIds: Set<string>;
  /** Dead letters per DLQ topic: key and whether the reason header is there. */
  deadLetters: Record<string, Array<{ key: string | null; reason: string | null }>>;
  recordsRead: number;
}

const header = (headers: Record<string, unknown> | undefined, name: string): string | null => {
  const v = headers?.[name];
  if (v === undefined || v === null) return null;
  return Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
};

/**
 * Reads the four toll topics from the beginning up to their current end
 * (end offsets taken first), committed records only, with a fresh group that
 * commits nothing.
 */
export async function readTollTopics(
  brokers: string[],
  timeoutMs = 120_000,
): Promise<KafkaContents> {
  const kafka = createKafka({ clientId: 'chaos-auditor', brokers, logLevel: logLevel.NOTHING });
  const out: KafkaContents = {
    chargeEventIds: new Set(),
    resultChargeIds: new Set(),
    deadLetters: { [TOPICS.tollChargesDlq]: [], [TOPICS.tollChargeResultsDlq]: [] },
    recordsRead: 0,
  };
  const topics = [
    TOPICS.tollCharges,
    TOPICS.tollChargeResults,
    TOPICS.tollChargesDlq,
    TOPICS.tollChargeResultsDlq,
  ];
  out.recordsRead = await readToEnd(
    kafka,
    topics,
    ({ topic, message }) => {
      const headers = message.headers as Record<string, unknown> | undefined;
      if (topic === TOPICS.tollCharges) {
        const id = header(headers, HEADERS.eventId);
        if (id) out.chargeEventIds.add(id);
      } else if (topic === TOPICS.tollChargeResults) {
        try {
          const v = JSON.parse(message.value?.toString('utf8') ?? '') as { chargeId?: unknown };
          if (typeof v.chargeId === 'string') out.resultChargeIds.add(v.chargeId);
        } catch {
          // poison records: their fate is checked on the DLQ
        }
      } else {
        out.deadLetters[topic].push({
          key: message.key?.toString('utf8') ?? null,
          reason: header(headers, DLQ_HEADERS.reason),
        });
      }
    },
    { groupId: `chaos-audit-${randomBytes(4).toString('hex')}`, timeoutMs },
  );
  return out;
}
