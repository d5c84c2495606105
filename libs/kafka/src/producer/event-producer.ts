import { CompressionTypes, Kafka, Message, Partitioners, Producer } from 'kafkajs';
import { AcksLevel, toKafkaAcks } from './acks';
import { classifyPublishError } from './classify-publish-error';
import { OutgoingRecord, PublishedRecordMetadata } from './outgoing-record';

export interface EventProducerOptions {
  /** Default 'all': the record is on every in-sync replica before send resolves. */
  acks?: AcksLevel;
  /**
   * Idempotent producer (default true with acks 'all'): the broker drops a
   * retried duplicate of a batch it already wrote, so KafkaJS's own retries
   * never duplicate or reorder. KafkaJS only allows it with acks=all, so it is
   * switched off for 'none' and 'leader'.
   */
  idempotent?: boolean;
  /** Retries inside KafkaJS before send rejects (then the caller decides: the relay keeps the rows). */
  retries?: number;
  /** Broker-side wait for acks=all before it answers REQUEST_TIMED_OUT. */
  ackTimeoutMs?: number;
}

/** One batch for one topic. */
export interface TopicRecords {
  topic: string;
  records: OutgoingRecord[];
}

/**
 * A small, app-agnostic wrapper over the KafkaJS producer: explicit acks,
 * idempotence, JSON values, string headers, typed errors. `send` resolves
 * only after the broker acknowledged at the chosen level.
 */
export class EventProducer {
  readonly acks: AcksLevel;
  readonly idempotent: boolean;
  private readonly producer: Producer;
  private connected = false;

  constructor(
    kafka: Kafka,
    private readonly options: EventProducerOptions = {},
  ) {
    this.acks = options.acks ?? 'all';
    this.idempotent = (options.idempotent ?? true) && this.acks === 'all';
    this.producer = kafka.producer({
      idempotent: this.idempotent,
      // KafkaJS's idempotent producer tracks one sequence per partition and
      // only guarantees order with a single request in flight.
      maxInFlightRequests: this.idempotent ? 1 : undefined,
      allowAutoTopicCreation: false,
      // Java-compatible murmur2: the same key lands on the same partition as with any other Kafka client.
      createPartitioner: Partitioners.DefaultPartitioner,
      retry:
        options.retries === undefined
          ? undefined
          : { retries: options.retries, initialRetryTime: 200, maxRetryTime: 2_000 },
    });
    this.producer.on(this.producer.events.CONNECT, () => (this.connected = true));
    this.producer.on(this.producer.events.DISCONNECT, () => (this.connected = false));
  }

  get isConnected(): boolean {
    return this.connected;
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
    this.connected = false;
  }

  /** Publishes records to one topic; resolves after the acknowledgement. */
  async send(topic: string, records: OutgoingRecord[]): Promise<PublishedRecordMetadata[]> {
    return this.sendBatch([{ topic, records }]);
  }

  /** Publishes to several topics in one request; order within a partition follows the input order. */
  async sendBatch(batches: TopicRecords[]): Promise<PublishedRecordMetadata[]> {
    const nonEmpty = batches.filter((b) => b.records.length > 0);
    if (nonEmpty.length === 0) return [];
    try {
      const result = await this.producer.sendBatch({
        acks: toKafkaAcks(this.acks),
        timeout: this.options.ackTimeoutMs,
        compression: CompressionTypes.None,
        topicMessages: nonEmpty.map((b) => ({
          topic: b.topic,
          messages: b.records.map(toMessage),
        })),
      });
      return result.map((r) => ({
        topic: r.topicName,
        partition: r.partition,
        baseOffset: r.baseOffset ?? '-1',
      }));
    } catch (error) {
      throw classifyPublishError(error, nonEmpty.map((b) => b.topic).join(','));
    }
  }
}

function toMessage(record: OutgoingRecord): Message {
  const value =
    typeof record.value === 'string' || Buffer.isBuffer(record.value)
      ? record.value
      : JSON.stringify(record.value);
  return { key: record.key, value, headers: record.headers };
}
