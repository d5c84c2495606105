import { performance } from 'node:perf_hooks';
import { createKafka, EventProducer, type AcksLevel, type OutgoingRecord } from '@paystream/kafka';
import { logLevel } from 'kafkajs';
import { summarize, type LatencySummary } from './percentiles';

export interface ProducerRunResult {
  records: number;
  errors: number;
  seconds: number;
  recordsPerSec: number;
  /** Per record: from the send call that carried it to its acknowledgement. */
  latency: LatencySummary;
}

export interface ProducerRunOptions {
  brokers: string[];
  topic: string;
  acks: AcksLevel;
  records: OutgoingRecord[];
  /** Records per send call (the relay's batch). */
  batchSize: number;
  /** Send calls in flight at once. */
  inFlight: number;
  /** Each send one Kafka transaction, as the relay sends (RELAY_TRANSACTIONS). */
  transactionalId?: string;
}

/**
 * Publishes through the project's own EventProducer exactly as the relay
 * does (sendBatch, JSON values, headers), `inFlight` sends at a time.
 */
export async function runProjectProducer(options: ProducerRunOptions): Promise<ProducerRunResult> {
  const kafka = createKafka({
    clientId: 'bench-producer',
    brokers: options.brokers,
    logLevel: logLevel.NOTHING,
  });
  const producer = new EventProducer(kafka, {
    acks: options.acks,
    transactionalId: options.transactionalId,
  });
  await producer.connect();
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  try {
    const lane = async () => {
      while (next < options.records.length) {
        const batch = options.records.slice(next, next + options.batchSize);
        next += batch.length;
        const sentAt = performance.now();
        try {
          await producer.send(options.topic, batch);
          const took = performance.now() - sentAt;
          for (let i = 0; i < batch.length; i += 1) latencies.push(took);
        } catch {
          errors += batch.length;
        }
      }
    };
    await Promise.all(Array.from({ length: options.inFlight }, lane));
  } finally {
    await producer.disconnect();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    records: latencies.length,
    errors,
    seconds,
    recordsPerSec: latencies.length / seconds,
    latency: summarize(latencies),
  };
}
