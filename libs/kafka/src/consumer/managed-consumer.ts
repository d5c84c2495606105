import { RetryPolicy } from '@paystream/retry';
import { Consumer, EachBatchPayload } from 'kafkajs';
import { ConsumedRecord, RawRecord, toRawRecord } from './consumed-record';
import { ConsumerLogger, silentConsumerLogger } from './consumer-logger';
import { buildDeadLetter } from './dead-letter';
import { decodeRecord } from './decode-record';
import { KeyedScheduler } from './keyed-scheduler';
import { ManagedConsumerOptions, RejectedRecord } from './managed-consumer-options';
import { PartitionProgress } from './partition-progress';
import { RecordRejectedError } from './record-rejected.error';
import { subscribeWhenKnown } from './subscribe-when-known';

const DEFAULT_PAUSE_POLICY = { maxAttempts: Number.MAX_SAFE_INTEGER, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * A KafkaJS consumer with the guarantees Paystream's workers need:
 * - manual commits (autoCommit off): an offset is committed only once every
 *   record before it is done, so a crash redelivers instead of losing;
 * - validation + dead-lettering: unreadable records go to the DLQ with
 *   DLQ_HEADERS and the partition keeps flowing;
 * - per-partition concurrency with per-key order, committing at the lowest
 *   unfinished offset;
 * - heartbeats while long work runs, so slow handlers are not kicked out;
 * - a handler failure (a dependency is down) pauses only that partition,
 *   rewinds it to the first unfinished record and resumes after a backoff;
 * - stop(): stop taking records, drain what is in flight, commit, leave.
 */
export class ManagedConsumer<T> {
  readonly consumer: Consumer;
  private readonly logger: ConsumerLogger;
  private readonly pausePolicy: RetryPolicy;
  private readonly pausedFailures = new Map<number, number>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private stopping = false;
  private started = false;

  constructor(private readonly options: ManagedConsumerOptions<T>) {
    this.logger = options.logger ?? silentConsumerLogger;
    this.pausePolicy = options.pausePolicy ?? new RetryPolicy(DEFAULT_PAUSE_POLICY);
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
      allowAutoTopicCreation: false,
    });
  }

  get groupId(): string {
    return this.options.groupId;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await subscribeWhenKnown(this.consumer, {
      topics: [this.options.topic],
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.eachBatch(payload),
    });
    this.started = true;
  }

  /** Stops fetching, lets in-flight records finish, commits them and leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    // disconnect() waits for the running eachBatch calls, which drain and commit, then sends LeaveGroup.
    if (this.started) await this.consumer.stop();
    await this.consumer.disconnect();
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const progress = new PartitionProgress();
    let failure: unknown;
    let committed: string | undefined;
    const canContinue = () => !this.stopping && failure === undefined && payload.isRunning() && !payload.isStale();
    const commitProgress = async () => {
      const next = progress.committable();
      if (next === undefined || next === committed || payload.isStale()) return;
      committed = next;
      payload.resolveOffset((BigInt(next) - 1n).toString());
      await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
    };
    // Heartbeat and commit progress while records are in flight (a slow gateway must not get us evicted).
    const timer = setInterval(() => {
      payload.heartbeat().catch(() => undefined);
      commitProgress().catch((error: unknown) => this.logger.warn('progress commit failed', { error: String(error) }));
    }, Math.min(this.options.commitIntervalMs ?? 1_000, this.options.heartbeatIntervalMs ?? 3_000));
    try {
      if (this.options.delivery.deliver === 'batch') {
        failure = await this.runBatch(payload, progress, canContinue);
      } else {
        failure = await this.runRecords(payload, progress, canContinue);
      }
    } finally {
      clearInterval(timer);
    }
    await commitProgress();
    this.options.onBatch?.({
      topic: batch.topic,
      partition: batch.partition,
      size: batch.messages.length,
      lag: BigInt(batch.offsetLag()),
    });
    if (failure !== undefined && !this.stopping) this.pauseAfterFailure(payload, progress, failure);
    else this.pausedFailures.delete(batch.partition);
  }

  private async runRecords(
    payload: EachBatchPayload,
    progress: PartitionProgress,
    canContinue: () => boolean,
  ): Promise<unknown> {
    const { batch } = payload;
    const scheduler = new KeyedScheduler(this.options.concurrencyPerPartition ?? 1);
    let failure: unknown;
    const tasks: Promise<void>[] = [];
    for (const message of batch.messages) {
      if (!canContinue() || failure !== undefined) break;
      const raw = toRawRecord(batch.topic, batch.partition, message);
      progress.start(raw.offset);
      // Records without a key have no order to keep: each gets its own lane.
      const lane = raw.key ?? `\u0000offset:${raw.offset}`;
      tasks.push(
        scheduler.run(lane, async () => {
          // Left unfinished on purpose: the commit stays before it and it is redelivered.
          if (!canContinue() || failure !== undefined) return;
          try {
            await this.handleRecord(raw);
            progress.finish(raw.offset);
          } catch (error) {
            failure ??= error;
          }
        }),
      );
    }
    await Promise.all(tasks);
    return failure;
  }

  private async handleRecord(raw: RawRecord): Promise<void> {
    let record: ConsumedRecord<T>;
    try {
      record = decodeRecord(raw, this.options.schema);
    } catch (error) {
      await this.deadLetter([{ raw, error: error as RecordRejectedError }]);
      return;
    }
    const delivery = this.options.delivery;
    try {
      if (delivery.deliver === 'value') await delivery.handle(record.value);
      else if (delivery.deliver === 'record') await delivery.handle(record);
    } catch (error) {
      if (!(error instanceof RecordRejectedError)) throw error;
      await this.deadLetter([{ raw, error }]);
    }
  }

  private async runBatch(payload: EachBatchPayload, progress: PartitionProgress, canContinue: () => boolean): Promise<unknown> {
    const { batch } = payload;
    const delivery = this.options.delivery;
    if (delivery.deliver !== 'batch' || batch.messages.length === 0 || !canContinue()) return undefined;
    const raws = batch.messages.map((m) => toRawRecord(batch.topic, batch.partition, m));
    const valid: ConsumedRecord<T>[] = [];
    const rejected: Array<{ raw: RawRecord; error: RecordRejectedError }> = [];
    for (const raw of raws) {
      progress.start(raw.offset);
      try {
        valid.push(decodeRecord(raw, this.options.schema));
      } catch (error) {
        rejected.push({ raw, error: error as RecordRejectedError });
      }
    }
    try {
      const refused: RejectedRecord<T>[] = (valid.length > 0 ? await delivery.handle(valid, { topic: batch.topic, partition: batch.partition }) : undefined) ?? [];
      const rawByOffset = new Map(raws.map((r) => [r.offset, r]));
      for (const r of refused) rejected.push({ raw: rawByOffset.get(r.record.offset)!, error: r.error });
      // Dead letters only after the handler succeeded: a retried batch must not dead-letter twice.
      await this.deadLetter(rejected);
    } catch (error) {
      return error;
    }
    for (const raw of raws) progress.finish(raw.offset);
    return undefined;
  }

  private async deadLetter(items: Array<{ raw: RawRecord; error: RecordRejectedError }>): Promise<void> {
    if (items.length === 0) return;
    await this.options.deadLetters.sink.send(
      this.options.deadLetters.topic,
      items.map(({ raw, error }) =>
        buildDeadLetter(raw, {
          reason: error.message,
          errorClass: error.errorClass,
          attempts: error.attempts,
          consumerGroup: this.options.groupId,
        }),
      ),
    );
    for (const { raw, error } of items) {
      this.logger.warn('record dead-lettered', {
        topic: raw.topic,
        partition: raw.partition,
        offset: raw.offset,
        errorClass: error.errorClass,
        reason: error.message,
      });
    }
  }

  /** Only this partition waits; the member's other partitions keep flowing. */
  private pauseAfterFailure(payload: EachBatchPayload, progress: PartitionProgress, failure: unknown): void {
    const { batch } = payload;
    const failures = (this.pausedFailures.get(batch.partition) ?? 0) + 1;
    this.pausedFailures.set(batch.partition, failures);
    const delay = this.pausePolicy.delayFor(failures);
    const rewindTo = progress.committable() ?? batch.firstOffset() ?? undefined;
    this.logger.warn('handler failed; pausing partition', {
      topic: batch.topic,
      partition: batch.partition,
      rewindTo,
      delayMs: delay,
      error: failure instanceof Error ? failure.message : String(failure),
    });
    const resume = payload.pause();
    // Rewind to the first unfinished record so it is fetched again after the pause.
    if (rewindTo !== undefined) this.consumer.seek({ topic: batch.topic, partition: batch.partition, offset: rewindTo });
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      if (!this.stopping) resume();
    }, delay);
    this.resumeTimers.add(timer);
  }
}
