import { CompressionTypes, Kafka, Message, Producer, RecordMetadata, RetryOptions } from 'kafkajs';
import { RoutedPartitions, unacknowledgedPartitions } from './acknowledgement-check';
import { AcksLevel, toKafkaAcks } from './acks';
import { classifyPublishError } from './classify-publish-error';
import { mergeTopicRecords } from './merge-topic-records';
import { OutgoingRecord, PublishedRecordMetadata } from './outgoing-record';
import { PartitionsNotAcknowledgedError } from './partitions-not-acknowledged.error';
import { PublishFailedError } from './publish-failed.error';

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
  /**
   * How many times a whole send is repeated, on a fresh producer, when the
   * client reported success but some partitions were never acknowledged.
   * Default 3; then the send fails with PartitionsNotAcknowledgedError.
   */
  resendsWhenUnacknowledged?: number;
  /** Told before each such resend (log it: it means the client lied, and duplicates follow). */
  onResend?: (reason: PartitionsNotAcknowledgedError, resend: number) => void;
  /**
   * Sends each batch in a Kafka transaction under this id (acks 'all' only).
   * A producer that connects with the id fences every older one: the broker
   * aborts the older one's open transaction and refuses its writes
   * (ProducerFencedError), so a sender that was frozen mid-send lands nothing
   * once it has a successor. Connect only while you may publish.
   */
  transactionalId?: string;
  /** How long the broker lets a transaction stay open before aborting it (KafkaJS default 60 s). */
  transactionTimeoutMs?: number;
  /**
   * Records one request carries at most when concurrent sends share it (see
   * `sendBatch`); a send larger than this still goes whole. Default 500.
   */
  maxRecordsPerRequest?: number;
}

export interface SendOptions {
  /**
   * Called before connecting (a transactional connect fences the previous
   * owner) and right before each send to the broker (first send and every
   * resend); throwing stops the send with that error. The outbox relay
   * fences itself here.
   */
  beforeEachSend?: () => void;
}

/** One batch for one topic. */
export interface TopicRecords {
  topic: string;
  records: OutgoingRecord[];
}

const DEFAULT_RESENDS = 3;
const DEFAULT_MAX_RECORDS_PER_REQUEST = 500;

/** A send waiting for the request that will carry it. */
interface WaitingSend {
  batches: TopicRecords[];
  records: number;
  resolve: (acknowledged: PublishedRecordMetadata[]) => void;
  reject: (error: unknown) => void;
}

/**
 * A small, app-agnostic wrapper over the KafkaJS producer: explicit acks,
 * idempotence, JSON values, string headers, typed errors. `send` resolves
 * only after the broker acknowledged at the chosen level — checked, not
 * trusted: every partition that was given records must be in the answer.
 *
 * Two KafkaJS 2.2.4 behaviours would otherwise lose records silently:
 * - a retry after a leader change can skip a partition and still resolve
 *   (tulios/kafkajs#1303) → every send checks its acknowledgements and is
 *   sent again, whole, on a fresh producer when one is missing;
 * - a failed request rolls the idempotent sequence numbers back, so the next
 *   records sent on that producer can reuse numbers the broker already holds
 *   and be dropped as "duplicates" → after any failure the producer is thrown
 *   away (the next one gets a new producer id), and sends on an idempotent
 *   producer run one at a time so none can slip in before that happens.
 *
 * With a `transactionalId` each send is one transaction, so a failed or
 * half-acknowledged send is aborted and its resend shows no duplicate.
 */
export class EventProducer {
  readonly acks: AcksLevel;
  readonly idempotent: boolean;
  private client: Producer | undefined;
  private connecting: Promise<Producer> | undefined;
  private readonly routes = new RoutedPartitions();
  private readonly resends: number;
  private queue: Promise<unknown> = Promise.resolve();
  private waiting: WaitingSend[] = [];

  constructor(
    private readonly kafka: Kafka,
    private readonly options: EventProducerOptions = {},
  ) {
    this.acks = options.acks ?? 'all';
    if (options.transactionalId !== undefined && this.acks !== 'all')
      throw new Error(`a transactional producer needs acks 'all' (got '${this.acks}')`);
    this.idempotent =
      options.transactionalId !== undefined ||
      ((options.idempotent ?? true) && this.acks === 'all');
    this.resends = options.resendsWhenUnacknowledged ?? DEFAULT_RESENDS;
  }

  get isConnected(): boolean {
    return this.client !== undefined;
  }

  get transactionalId(): string | undefined {
    return this.options.transactionalId;
  }

  async connect(): Promise<void> {
    await this.ensureClient();
  }

  async disconnect(): Promise<void> {
    const pending = this.connecting;
    this.connecting = undefined;
    const client = this.client ?? (await pending?.catch(() => undefined));
    this.client = undefined;
    await client?.disconnect();
  }

  /** Publishes records to one topic; resolves after the acknowledgement. */
  async send(topic: string, records: OutgoingRecord[]): Promise<PublishedRecordMetadata[]> {
    return this.sendBatch([{ topic, records }]);
  }

  /**
   * Publishes to several topics in one request; order within a partition
   * follows the input order, and across calls the call order.
   *
   * An idempotent producer has one request in flight, so sends made while one
   * is in flight wait, and then go together in the next request (up to
   * `maxRecordsPerRequest`), as the Java client's accumulator batches records:
   * 32 results decided at once cost one round trip, not 32 in a row. Each call
   * still resolves only once its own records are acknowledged. A request the
   * broker refuses for good (say, one record too large) is sent again one call
   * at a time, so only the call that holds the bad record fails. Sends of a
   * transactional producer, or with `beforeEachSend`, always go alone: their
   * request is their transaction and their fence.
   */
  async sendBatch(
    batches: TopicRecords[],
    options: SendOptions = {},
  ): Promise<PublishedRecordMetadata[]> {
    const nonEmpty = batches.filter((b) => b.records.length > 0);
    if (nonEmpty.length === 0) return [];
    if (!this.idempotent) return this.sendChecked(nonEmpty, options);
    if (options.beforeEachSend || this.options.transactionalId !== undefined)
      return this.oneAtATime(() => this.sendChecked(nonEmpty, options));
    return new Promise((resolve, reject) => {
      const records = nonEmpty.reduce((n, b) => n + b.records.length, 0);
      this.waiting.push({ batches: nonEmpty, records, resolve, reject });
      // The first to wait books the next request; later ones join it until it starts.
      if (this.waiting.length === 1) void this.oneAtATime(() => this.sendWaiting());
    });
  }

  /** Sends what waits (up to the request size) in one request, and books another for the rest. */
  private async sendWaiting(): Promise<void> {
    const max = this.options.maxRecordsPerRequest ?? DEFAULT_MAX_RECORDS_PER_REQUEST;
    let taken = 0;
    let records = 0;
    while (
      taken < this.waiting.length &&
      (taken === 0 || records + this.waiting[taken].records <= max)
    )
      records += this.waiting[taken++].records;
    const sends = this.waiting.slice(0, taken);
    this.waiting = this.waiting.slice(taken);
    if (this.waiting.length > 0) void this.oneAtATime(() => this.sendWaiting());
    try {
      const acknowledged = await this.sendChecked(
        mergeTopicRecords(sends.map((w) => w.batches)),
        {},
      );
      for (const send of sends) send.resolve(acknowledgedFor(send.batches, acknowledged));
    } catch (error) {
      if (sends.length === 1 || !(error instanceof PublishFailedError) || error.retriable) {
        for (const send of sends) send.reject(error);
        return;
      }
      for (const send of sends) {
        try {
          send.resolve(await this.sendChecked(send.batches, {}));
        } catch (alone) {
          send.reject(alone);
        }
      }
    }
  }

  private async sendChecked(
    batches: TopicRecords[],
    options: SendOptions,
  ): Promise<PublishedRecordMetadata[]> {
    const label = batches.map((b) => b.topic).join(',');
    const transactionalId = this.options.transactionalId;
    for (let resend = 0; ; resend++) {
      options.beforeEachSend?.();
      const client = await this.ensureClient().catch((error: unknown) => {
        throw classifyPublishError(error, `${label} (connect)`, transactionalId);
      });
      // As late as possible: only synchronous code runs between this check and the send.
      options.beforeEachSend?.();
      try {
        const acknowledged = await this.sendOnce(client, batches);
        return acknowledged.map((r) => ({
          topic: r.topicName,
          partition: r.partition,
          baseOffset: r.baseOffset ?? '-1',
        }));
      } catch (error) {
        // Whatever failed, this producer's sequence numbers can no longer be trusted.
        await this.discard(client);
        const failure =
          error instanceof PublishFailedError
            ? error
            : classifyPublishError(error, label, transactionalId);
        if (!(failure instanceof PartitionsNotAcknowledgedError) || resend >= this.resends)
          throw failure;
        this.options.onResend?.(failure, resend + 1);
      }
    }
  }

  private async sendOnce(client: Producer, batches: TopicRecords[]): Promise<RecordMetadata[]> {
    const topicMessages = batches.map((b) => ({
      topic: b.topic,
      messages: b.records.map(toMessage),
    }));
    const routed = this.routes.track(topicMessages.flatMap((t) => t.messages));
    const send = async (sender: Pick<Producer, 'sendBatch'>) => {
      const acknowledged = await sender.sendBatch({
        acks: toKafkaAcks(this.acks),
        timeout: this.options.ackTimeoutMs,
        compression: CompressionTypes.None,
        topicMessages,
      });
      // acks=none has no answer to check.
      if (this.acks !== 'none') {
        const missing = unacknowledgedPartitions(routed, acknowledged);
        if (missing.length > 0) throw new PartitionsNotAcknowledgedError(missing);
      }
      return acknowledged;
    };
    if (this.options.transactionalId === undefined) return send(client);
    const transaction = await client.transaction();
    try {
      const acknowledged = await send(transaction);
      await transaction.commit();
      return acknowledged;
    } catch (error) {
      // Aborted, none of it is ever visible to read_committed consumers (a fenced
      // producer's abort is refused too: its successor already aborted it).
      await transaction.abort().catch(() => undefined);
      throw error;
    }
  }

  private ensureClient(): Promise<Producer> {
    if (this.client) return Promise.resolve(this.client);
    if (!this.connecting) {
      const client = this.createClient();
      this.connecting = client
        .connect()
        .then(() => {
          this.client = client;
          return client;
        })
        .catch(async (error: unknown) => {
          await client.disconnect().catch(() => undefined);
          throw error;
        })
        .finally(() => {
          this.connecting = undefined;
        });
    }
    return this.connecting;
  }

  private createClient(): Producer {
    const client = this.kafka.producer({
      idempotent: this.idempotent,
      transactionalId: this.options.transactionalId,
      transactionTimeout: this.options.transactionTimeoutMs,
      // KafkaJS's idempotent producer tracks one sequence per partition and
      // only guarantees order with a single request in flight.
      maxInFlightRequests: this.idempotent ? 1 : undefined,
      allowAutoTopicCreation: false,
      // Java-compatible murmur2 (the same key lands on the same partition as
      // with any other Kafka client), recording where each record was routed.
      createPartitioner: this.routes.partitioner(),
      retry: this.retryPolicy(),
    });
    client.on(client.events.DISCONNECT, () => {
      if (this.client === client) this.client = undefined;
    });
    return client;
  }

  private retryPolicy(): RetryOptions | undefined {
    const transactional = this.options.transactionalId !== undefined;
    if (this.options.retries === undefined && !transactional) return undefined;
    // KafkaJS refuses an idempotent producer without at least one retry.
    const retries = Math.max(this.options.retries ?? 5, this.idempotent ? 1 : 0);
    if (!transactional) return { retries, initialRetryTime: 200, maxRetryTime: 2_000 };
    // A transaction begun right after a commit meets CONCURRENT_TRANSACTIONS while the
    // coordinator writes the markers (a few ms): retried after 200 ms, back-to-back batches
    // queued up behind it (1 s commit → topic at 40 rows/s). Start short (from 20 ms, back-to-back
    // one-record transactions took p99 26-32 ms; from 5 ms, 11-18 ms), with two more steps for
    // the same total patience (about 1.3 s at 3 retries).
    return { retries: retries + 5, initialRetryTime: 5, maxRetryTime: 2_000 };
  }

  private async discard(client: Producer): Promise<void> {
    if (this.client === client) this.client = undefined;
    await client.disconnect().catch(() => undefined);
  }

  /** Runs sends one after another (idempotent producers only, see the class comment). */
  private oneAtATime<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** The acknowledgements of a shared request that concern one send's topics. */
function acknowledgedFor(
  batches: TopicRecords[],
  acknowledged: PublishedRecordMetadata[],
): PublishedRecordMetadata[] {
  const topics = new Set(batches.map((b) => b.topic));
  return acknowledged.filter((a) => topics.has(a.topic));
}

function toMessage(record: OutgoingRecord): Message {
  const value =
    typeof record.value === 'string' || Buffer.isBuffer(record.value)
      ? record.value
      : JSON.stringify(record.value);
  return { key: record.key, value, headers: record.headers };
}
