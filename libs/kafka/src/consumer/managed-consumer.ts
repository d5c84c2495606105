import { RetryPolicy } from '@paystream/retry';
import { Batch, Consumer, EachBatchPayload } from 'kafkajs';
import { ConsumedRecord, RawRecord, toRawRecord } from './consumed-record';
import { ConsumerLogger, silentConsumerLogger } from './consumer-logger';
import { buildDeadLetter } from './dead-letter';
import { decodeRecord } from './decode-record';
import { KeyedScheduler } from './keyed-scheduler';
import { MembershipSignal, membershipSignal } from './membership-signal';
import { ManagedConsumerOptions, RejectedRecord } from './managed-consumer-options';
import { PartitionProgress } from './partition-progress';
import { RecordRejectedError } from './record-rejected.error';
import { subscribeWhenKnown } from './subscribe-when-known';

const DEFAULT_PAUSE_POLICY = {
  maxAttempts: Number.MAX_SAFE_INTEGER,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};
/** Records taken from one fetched batch; the rest is fetched again after the commit. */
export const DEFAULT_MAX_RECORDS_PER_BATCH = 500;

/**
 * A KafkaJS consumer with the guarantees Paystream's workers need:
 * - manual commits (autoCommit off): an offset is committed only once every
 *   record before it is done, so a crash redelivers instead of losing;
 * - validation + dead-lettering: unreadable records go to the DLQ with
 *   DLQ_HEADERS and the partition keeps flowing;
 * - per-partition concurrency with per-key order, committing at the lowest
 *   unfinished offset;
 * - heartbeats while long work runs, so slow handlers are not kicked out;
 * - a rebalance seen by such a heartbeat stops the member from starting new
 *   records; what is in flight finishes, is committed (the partitions are
 *   still ours until we rejoin) and the member rejoins at once instead of
 *   after the whole batch, which would stall every member of the group;
 * - at most maxRecordsPerBatch records per handler call (batch delivery: the whole fetch, in
 *   such chunks) or taken per fetch (record delivery), so the work between checks is bounded;
 * - nothing is started or committed for a partition this member no longer owns;
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
  /** Set by a heartbeat that met a rebalance; cleared when the member has rejoined. */
  private membership: { signal: MembershipSignal; error: unknown } | undefined;
  /** Partitions assigned at the last join (undefined until the first join). */
  private assigned: Set<number> | undefined;

  constructor(private readonly options: ManagedConsumerOptions<T>) {
    this.logger = options.logger ?? silentConsumerLogger;
    this.pausePolicy = options.pausePolicy ?? new RetryPolicy(DEFAULT_PAUSE_POLICY);
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 3_000,
      allowAutoTopicCreation: false,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assigned = new Set(payload.memberAssignment[options.topic] ?? []);
      this.membership = undefined;
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
    // A batch fetched before a rebalance can reach a worker after it: its partition may be someone else's now.
    if (!this.owns(batch.partition)) return;
    const limit = this.options.maxRecordsPerBatch ?? DEFAULT_MAX_RECORDS_PER_BATCH;
    const progress = new PartitionProgress();
    let failure: unknown;
    let committed: string | undefined;
    const canContinue = () =>
      !this.stopping &&
      this.membership === undefined &&
      failure === undefined &&
      payload.isRunning() &&
      !payload.isStale();
    const commitProgress = async (batchDone = false) => {
      const next = batchDone ? pastTrailingMarkers(progress, batch) : progress.committable();
      if (next === undefined || next === committed || payload.isStale()) return;
      // Never commit a partition that may belong to another member by now.
      if (this.membership?.signal === 'lost' || !this.owns(batch.partition)) return;
      committed = next;
      payload.resolveOffset((BigInt(next) - 1n).toString());
      // Through the batch payload, not consumer.commitOffsets(): KafkaJS drops the latter silently once stop()
      // has begun, which lost the commit of the batch drained at SIGTERM (it was redelivered after a restart).
      await payload.commitOffsetsIfNecessary({
        topics: [
          { topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] },
        ],
      });
    };
    // Heartbeat and commit progress while records are in flight (a slow gateway must not get us evicted).
    const timer = setInterval(
      () => {
        payload.heartbeat().catch((error: unknown) => this.noteHeartbeatFailure(error));
        commitProgress().catch((error: unknown) =>
          this.logger.warn('progress commit failed', { error: String(error) }),
        );
      },
      Math.min(this.options.commitIntervalMs ?? 1_000, this.options.heartbeatIntervalMs ?? 3_000),
    );
    let taken = 0;
    try {
      if (this.options.delivery.deliver === 'batch') {
        // The whole fetch, `limit` records per handler call, each committed once handled: a fetch
        // cut to its first `limit` records decoded the rest for nothing and fetched them again
        // (the sink read each record about six times). Between calls the checks still apply.
        while (taken < batch.messages.length && failure === undefined && canContinue()) {
          const chunk = batch.messages.slice(taken, taken + limit);
          failure = await this.runBatch(payload, chunk, progress, canContinue);
          taken += chunk.length;
          if (failure === undefined) await commitProgress(taken === batch.messages.length);
        }
      } else {
        const messages = batch.messages.slice(0, limit);
        taken = messages.length;
        failure = await this.runRecords(payload, messages, progress, canContinue);
      }
    } finally {
      clearInterval(timer);
    }
    await commitProgress(taken === batch.messages.length);
    this.options.onBatch?.({
      topic: batch.topic,
      partition: batch.partition,
      size: taken,
      lag: BigInt(batch.offsetLag()),
    });
    const membership = this.membership;
    if (membership !== undefined && !this.stopping) {
      // Throwing KafkaJS's own rebalance error makes its runner rejoin the group now (after the other
      // partitions' batches of this fetch drained too); unfinished records are fetched again from the commit.
      this.logger.info('group is rebalancing; rejoining after the in-flight records', {
        topic: batch.topic,
        partition: batch.partition,
        committed: progress.committable(),
        signal: membership.signal,
      });
      throw membership.error;
    }
    if (failure !== undefined && !this.stopping) this.pauseAfterFailure(payload, progress, failure);
    else this.pausedFailures.delete(batch.partition);
  }

  private owns(partition: number): boolean {
    return this.assigned === undefined || this.assigned.has(partition);
  }

  private noteHeartbeatFailure(error: unknown): void {
    const signal = membershipSignal(error);
    if (signal === undefined) {
      this.logger.warn('heartbeat failed', { error: String(error) });
      return;
    }
    if (this.membership === undefined)
      this.logger.info('heartbeat met a rebalance; starting no new records', { signal });
    // 'lost' outranks 'rebalancing': once the generation is gone, nothing may be committed.
    if (this.membership?.signal !== 'lost') this.membership = { signal, error };
  }

  private async runRecords(
    payload: EachBatchPayload,
    messages: EachBatchPayload['batch']['messages'],
    progress: PartitionProgress,
    canContinue: () => boolean,
  ): Promise<unknown> {
    const { batch } = payload;
    const scheduler = new KeyedScheduler(this.options.concurrencyPerPartition ?? 1);
    let failure: unknown;
    const tasks: Promise<void>[] = [];
    for (const message of messages) {
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

  private async runBatch(
    payload: EachBatchPayload,
    messages: EachBatchPayload['batch']['messages'],
    progress: PartitionProgress,
    canContinue: () => boolean,
  ): Promise<unknown> {
    const { batch } = payload;
    const delivery = this.options.delivery;
    if (delivery.deliver !== 'batch' || messages.length === 0 || !canContinue()) return undefined;
    const raws = messages.map((m) => toRawRecord(batch.topic, batch.partition, m));
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
      const refused: RejectedRecord<T>[] =
        (valid.length > 0
          ? await delivery.handle(valid, { topic: batch.topic, partition: batch.partition })
          : undefined) ?? [];
      const rawByOffset = new Map(raws.map((r) => [r.offset, r]));
      for (const r of refused)
        rejected.push({ raw: rawByOffset.get(r.record.offset)!, error: r.error });
      // Dead letters only after the handler succeeded: a retried batch must not dead-letter twice.
      await this.deadLetter(rejected);
    } catch (error) {
      return error;
    }
    for (const raw of raws) progress.finish(raw.offset);
    return undefined;
  }

  private async deadLetter(
    items: Array<{ raw: RawRecord; error: RecordRejectedError }>,
  ): Promise<void> {
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
  private pauseAfterFailure(
    payload: EachBatchPayload,
    progress: PartitionProgress,
    failure: unknown,
  ): void {
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
    if (rewindTo !== undefined)
      this.consumer.seek({ topic: batch.topic, partition: batch.partition, offset: rewindTo });
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      if (!this.stopping) resume();
    }, delay);
    this.resumeTimers.add(timer);
  }
}

/**
 * The offset to commit once a whole batch was handled: past the last record,
 * and past the transaction markers and aborted records after it (they take
 * offsets but are never delivered; without this a transactional topic's lag
 * would never reach 0). Only when every delivered record is finished.
 */
function pastTrailingMarkers(progress: PartitionProgress, batch: Batch): string | undefined {
  const next = progress.committable();
  const last = batch.messages.at(-1);
  if (next === undefined || last === undefined || next !== String(BigInt(last.offset) + 1n))
    return next;
  const end = BigInt(batch.lastOffset()) + 1n;
  return end > BigInt(next) ? end.toString() : next;
}
