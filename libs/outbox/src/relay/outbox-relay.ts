import { hostname } from 'node:os';
import { Client, QueryResult, QueryResultRow } from 'pg';
import { RetryPolicy } from '@paystream/retry';
import { OutboxPublisher } from './outbox-publisher';
import { OutboxRelayHooks, OutboxRelayOptions } from './outbox-relay-options';
import { OutboxRow } from './outbox-row';
import { mayBeOneRowsFault } from './may-be-one-rows-fault';
import { PublisherFencedError } from './publisher-fenced.error';
import { RelayFencedError } from './relay-fenced.error';
import { RelayRole } from './relay-role';
import {
  BACKLOG_SQL,
  CLEANUP_SQL,
  FETCH_BATCH_SQL,
  LIMIT_SESSION_SQL,
  PLAN_SESSION_SQL,
  MARK_BATCH_PUBLISHED_SQL,
  MARK_ROW_PUBLISHED_SQL,
  RECORD_BATCH_FAILURE_SQL,
  RECORD_ROW_FAILURE_SQL,
  TAKE_EPOCH_SQL,
  TRY_LOCK_SQL,
  RawOutboxRow,
  toOutboxRow,
} from './outbox-relay.sql';

export interface OutboxBacklog {
  count: number;
  /** Age of the oldest unpublished row; 0 when the backlog is empty. */
  oldestAgeSeconds: number;
  /** Rows held as unpublishable (waiting for an operator), part of `count`. */
  held: number;
}

/**
 * Database → Kafka. One dedicated Postgres connection holds a session-level
 * advisory lock: only the instance holding it publishes (per-key order with
 * several instances); the others are standbys polling for the lock. When the
 * active process dies its session ends, Postgres releases the lock and a
 * standby takes over within `standbyPollMs`.
 *
 * Reads, marks and LISTEN all use that same connection, so an instance that
 * lost its session also stops marking rows.
 *
 * A relay that is frozen (SIGSTOP) or cut off keeps its TCP connection, so
 * its session would hold the lock for the kernel's keepalive time. The lease
 * bounds that: the session is told to end itself after `leaseMs` of silence
 * (idle_session_timeout, TCP keepalives and user timeout), a heartbeat keeps a
 * live relay from going silent, and the relay fences itself: it starts a send
 * only while a query it sent less than `leaseMs / 2` ago was answered (the
 * server cannot have ended the session before a full lease after that query
 * arrived), and its marks apply only while the epoch it got with the lock is
 * still current. A send already on its way when the relay froze is Kafka's to
 * stop: with a transactional publisher, the successor's first connect aborts
 * it and refuses the old relay's writes.
 */
export class OutboxRelay {
  private roleValue: RelayRole = 'starting';
  private stopping = false;
  private running: Promise<void> | undefined;
  private client: Client | undefined;
  private clientHealthy = false;
  private wakePending = false;
  /** When the latest query that was answered on the current session was SENT. */
  private confirmedAt = 0;
  private epoch: string | undefined;
  private wakeSleeper: (() => void) | undefined;
  /** Used without jitter (its ceiling): one active relay has no herd to spread. */
  private readonly backoff: RetryPolicy;

  constructor(
    private readonly options: OutboxRelayOptions,
    private readonly publisher: OutboxPublisher,
    private readonly hooks: OutboxRelayHooks = {},
  ) {
    this.backoff = new RetryPolicy({
      maxAttempts: Number.POSITIVE_INFINITY,
      baseDelayMs: options.backoffMinMs,
      maxDelayMs: options.backoffMaxMs,
    });
  }

  get role(): RelayRole {
    return this.roleValue;
  }

  get isDatabaseConnected(): boolean {
    return this.clientHealthy;
  }

  start(): void {
    if (this.running) return;
    this.running = this.run();
  }

  /** Finishes the in-flight batch, releases the lock (closes the session) and returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
    await this.publisher.close().catch(() => undefined);
    this.setRole('stopped');
  }

  /** Backlog as seen through this instance's session (standbys can report it too). */
  async backlog(): Promise<OutboxBacklog> {
    const client = this.client;
    if (!client || !this.clientHealthy) throw new Error('not connected to the database');
    const { rows } = await client.query<{ count: number; oldest: number | null; held: number }>(
      BACKLOG_SQL,
    );
    return {
      count: rows[0].count,
      oldestAgeSeconds: Math.max(0, rows[0].oldest ?? 0),
      held: rows[0].held,
    };
  }

  async pingDatabase(): Promise<void> {
    if (!this.client || !this.clientHealthy) throw new Error('not connected to the database');
    await this.client.query('SELECT 1');
  }

  private async run(): Promise<void> {
    let connectFailures = 0;
    while (!this.stopping) {
      const client = new Client({
        connectionString: this.options.databaseUrl,
        // Our side notices a cut network too (the server's side is set below).
        keepAlive: true,
        keepAliveInitialDelayMillis: this.options.leaseMs,
      });
      // A dead session surfaces as an 'error' event; without a listener it would crash the process.
      client.on('error', (error) => {
        this.clientHealthy = false;
        this.hooks.onConnectionError?.(error);
        this.wake();
      });
      client.on('end', () => {
        this.clientHealthy = false;
        this.wake();
      });
      client.on('notification', () => this.wake());
      let heartbeat: NodeJS.Timeout | undefined;
      try {
        await client.connect();
        this.client = client;
        this.clientHealthy = true;
        this.confirmedAt = 0;
        connectFailures = 0;
        await this.limitSession(client);
        await this.query(client, PLAN_SESSION_SQL);
        heartbeat = setInterval(
          () => this.heartbeat(client),
          Math.max(50, this.options.leaseMs / 4),
        );
        this.setRole('standby');
        if (await this.acquireLock(client)) {
          this.epoch = await this.takeEpoch(client);
          this.setRole('active');
          // Takes the publisher's Kafka identity at once (a transactional connect aborts the previous
          // holder's open transaction); if Kafka is down, the first publish retries it.
          await this.publisher
            .connect(() => this.assertLeaseHeld())
            .catch((error: Error) => this.hooks.onPublisherConnectFailed?.(error));
          await this.query(client, `LISTEN "${this.options.channel}"`);
          await this.publishWhileActive(client);
        }
      } catch (error) {
        connectFailures += 1;
        this.hooks.onConnectionError?.(error as Error);
        if (!this.stopping) await this.sleep(this.backoff.ceilingFor(connectFailures));
      } finally {
        clearInterval(heartbeat);
        this.clientHealthy = false;
        this.client = undefined;
        // No longer active: drop the producer, so that becoming active again connects anew
        // (a transactional connect is what fences the previous holder in Kafka).
        if (this.epoch !== undefined) await this.publisher.reset().catch(() => undefined);
        this.epoch = undefined;
        // Ending the session releases the advisory lock.
        await client.end().catch(() => undefined);
        if (!this.stopping) this.setRole('standby');
      }
    }
  }

  private async acquireLock(client: Client): Promise<boolean> {
    while (!this.stopping && this.clientHealthy) {
      const { rows } = await this.query<{ locked: boolean }>(client, TRY_LOCK_SQL, [
        this.options.lockKey,
      ]);
      if (rows[0].locked) return true;
      await this.sleep(this.options.standbyPollMs);
    }
    return false;
  }

  /**
   * Publishes batches strictly one after another (batch N+1 is sent only after
   * N was acknowledged, so per-key order holds), but keeps the database busy
   * while Kafka works: the next batch is read while the current one is being
   * sent, and a batch is marked while the next one is being sent. All database
   * work stays on the one session that holds the lock.
   */
  private async publishWhileActive(client: Client): Promise<void> {
    let failures = 0;
    let lastCleanup = 0;
    let marking: Deferred<void> | undefined;
    let prefetched: Deferred<OutboxRow[]> | undefined;
    try {
      while (!this.stopping && this.clientHealthy) {
        if (Date.now() - lastCleanup >= this.options.cleanupIntervalMs) {
          await this.cleanup(client);
          lastCleanup = Date.now();
        }
        // Always from the head (never "id > last seen": a lower id can commit
        // later), except for the rows still in flight.
        const rows = prefetched ? await prefetched.result() : await this.fetchBatch(client, []);
        prefetched = undefined;
        if (rows.length === 0) {
          await marking?.result();
          marking = undefined;
          await this.waitForWork(this.options.pollIntervalMs);
          continue;
        }
        const ids = rows.map((r) => r.id);
        const started = process.hrtime.bigint();
        const publishing = this.publisher.publish(rows, () => this.assertLeaseHeld());
        // Queued behind the previous batch's mark on the same session, so it sees that batch as published.
        prefetched = defer(this.fetchBatch(client, ids));
        try {
          await publishing;
        } catch (error) {
          // Nothing after a failed batch may be sent: drop the read-ahead and retry from the head.
          await prefetched.settled();
          prefetched = undefined;
          await marking?.result();
          marking = undefined;
          failures += 1;
          const delay = this.backoff.ceilingFor(failures);
          const message = (error as Error).message ?? String(error);
          if (error instanceof RelayFencedError) throw error;
          if (error instanceof PublisherFencedError) this.assertStillOwner();
          this.hooks.onPublishFailed?.(error as Error, rows.length, failures, delay);
          await this.publisher.reset();
          if (mayBeOneRowsFault(error)) {
            // Perhaps one row can never be sent (unknown topic, too large): find it by
            // sending the batch row by row, so only its own key waits behind it.
            await this.isolate(client, rows);
          } else {
            await this.query(client, RECORD_BATCH_FAILURE_SQL, [
              ids,
              message.slice(0, 2_000),
              this.options.lockKey,
              this.epoch,
            ]);
          }
          await this.sleep(delay);
          continue;
        }
        failures = 0;
        // The previous mark must have landed before this batch's is queued (errors surface here).
        await marking?.result();
        // Only after the acknowledgement. A crash before the mark commits republishes
        // the batch on restart: duplicates are allowed, consumers dedupe by event id.
        marking = defer(
          this.query(
            client,
            // The fence in the same statement (one transaction): a relay whose epoch is gone marks nothing.
            MARK_BATCH_PUBLISHED_SQL,
            [ids, this.options.lockKey, this.epoch],
          ).then((result) => {
            if ((result.rowCount ?? 0) === 0) throw new RelayFencedError('its marks were refused');
            this.hooks.onBatchPublished?.(
              rows.length,
              Number(process.hrtime.bigint() - started) / 1e9,
            );
          }),
        );
      }
      await marking?.result();
    } finally {
      // Leaving (stop, lost session, error): never leave a read or a mark unobserved.
      await Promise.all([prefetched?.settled(), marking?.settled()]);
    }
  }

  /**
   * Sends the rows one at a time, in id order. A row that fails for a reason
   * of its own gets the error and an attempt on it, and its key's later rows
   * are skipped (they stay behind it, in order); after `holdAfterAttempts` such
   * failures the row is held: it and its key's later rows are left out of
   * every batch until an operator releases or dead-letters it. A failure that
   * is Kafka's (unreachable, not enough replicas) ends the pass.
   */
  private async isolate(client: Client, rows: OutboxRow[]): Promise<void> {
    const blockedKeys = new Set<string>();
    for (const row of rows) {
      if (this.stopping || !this.clientHealthy) return;
      if (blockedKeys.has(row.key)) continue;
      const started = process.hrtime.bigint();
      try {
        await this.publisher.publish([row], () => this.assertLeaseHeld());
      } catch (error) {
        if (error instanceof RelayFencedError) throw error;
        if (error instanceof PublisherFencedError) this.assertStillOwner();
        await this.publisher.reset();
        const message = ((error as Error).message ?? String(error)).slice(0, 2_000);
        const { rows: updated } = await this.query<{ attempts: number; held: boolean }>(
          client,
          RECORD_ROW_FAILURE_SQL,
          [
            row.id,
            message,
            this.options.lockKey,
            this.epoch,
            mayBeOneRowsFault(error),
            this.options.holdAfterAttempts,
          ],
        );
        if (!mayBeOneRowsFault(error)) return;
        blockedKeys.add(row.key);
        if (updated[0]?.held) this.hooks.onRowHeld?.(row, error as Error, updated[0].attempts);
        continue;
      }
      const marked = await this.query(client, MARK_ROW_PUBLISHED_SQL, [
        row.id,
        this.options.lockKey,
        this.epoch,
      ]);
      if ((marked.rowCount ?? 0) === 0) throw new RelayFencedError('its marks were refused');
      this.hooks.onBatchPublished?.(1, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  private async fetchBatch(client: Client, inFlight: string[]): Promise<OutboxRow[]> {
    const { rows } = await this.query<RawOutboxRow>(client, FETCH_BATCH_SQL, [
      this.options.batchSize,
      inFlight,
    ]);
    return rows.map(toOutboxRow);
  }

  private async cleanup(client: Client): Promise<void> {
    const result = await this.query(client, CLEANUP_SQL, [this.options.retentionMs]);
    if ((result.rowCount ?? 0) > 0) this.hooks.onCleanup?.(result.rowCount ?? 0);
  }

  /**
   * The server ends this session after a lease of silence, whatever the
   * kernel thinks of the TCP connection (a frozen process still ACKs).
   * The keepalive and user timeouts cover a cut network; none of these fire
   * earlier than a full lease after the last query arrived.
   */
  private async limitSession(client: Client): Promise<void> {
    const leaseMs = String(this.options.leaseMs);
    const leaseSeconds = String(Math.max(1, Math.ceil(this.options.leaseMs / 1000)));
    await this.query(client, LIMIT_SESSION_SQL, [leaseMs, leaseSeconds]);
  }

  /** Keeps a live session from being ended as idle; drops a session that has been silent too long. */
  private heartbeat(client: Client): void {
    if (!this.clientHealthy || this.client !== client) return;
    if (this.confirmedAt > 0 && Date.now() - this.confirmedAt > this.options.leaseMs) {
      // Frozen or cut off for longer than a lease: the server has (or will have) ended the
      // session; stop waiting for TCP to say so and reconnect as a standby.
      this.clientHealthy = false;
      (
        client as unknown as { connection?: { stream?: { destroy(): void } } }
      ).connection?.stream?.destroy();
      this.wake();
      return;
    }
    this.query(client, 'SELECT 1').catch(() => undefined);
  }

  /** Bumps the fencing epoch for this lock key; called right after taking the lock. */
  private async takeEpoch(client: Client): Promise<string> {
    const { rows } = await this.query<{ epoch: string }>(client, TAKE_EPOCH_SQL, [
      this.options.lockKey,
      `${hostname()}:${process.pid}`,
    ]);
    return rows[0].epoch;
  }

  /**
   * Called by the publisher right before each send to Kafka. Passes only while
   * the session provably still exists: a query sent less than half a lease ago
   * was answered, and the server ends a session no sooner than a full lease
   * after the last query arrived — so no standby can hold the lock yet.
   */
  private assertLeaseHeld(): void {
    if (!this.clientHealthy || !this.epoch)
      throw new RelayFencedError('its database session is gone');
    const age = Date.now() - this.confirmedAt;
    if (age >= this.options.leaseMs / 2)
      throw new RelayFencedError(`its lease was last confirmed ${age} ms ago`);
  }

  /**
   * Kafka fenced the publisher. If the lease still holds, the newer producer was a replaced
   * relay reconnecting for a moment before it noticed: reconnecting takes the id back, and the
   * rows are retried. Otherwise this relay is the one replaced.
   */
  private assertStillOwner(): void {
    this.assertLeaseHeld();
  }

  /** Every query on the session goes through here: an answer confirms the lease from the moment it was sent. */
  private async query<R extends QueryResultRow = QueryResultRow>(
    client: Client,
    text: string,
    values?: unknown[],
  ): Promise<QueryResult<R>> {
    const sentAt = Date.now();
    const result = await client.query<R>(text, values);
    if (this.client === client) this.confirmedAt = Math.max(this.confirmedAt, sentAt);
    return result;
  }

  private setRole(role: RelayRole): void {
    if (role === this.roleValue) return;
    const previous = this.roleValue;
    this.roleValue = role;
    this.hooks.onRoleChange?.(role, previous);
  }

  private wake(): void {
    this.wakePending = true;
    this.wakeSleeper?.();
  }

  /** Sleeps until a notification, a stop, or `ms`. */
  private waitForWork(ms: number): Promise<void> {
    if (this.wakePending || this.stopping) {
      this.wakePending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleeper = () => {
        this.wakeSleeper = undefined;
        this.wakePending = false;
        done();
      };
    });
  }

  /** A backoff sleep: only a stop or a lost session cuts it short, not new rows. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(finish, ms);
      const interval = setInterval(
        () => {
          if (this.stopping) finish();
        },
        Math.min(ms, 100),
      );
      function finish() {
        clearTimeout(timer);
        clearInterval(interval);
        resolve();
      }
    });
  }
}

/**
 * A promise whose rejection is observed at once (Node would otherwise treat a
 * rejection that happens before anyone awaits it as unhandled and exit).
 */
interface Deferred<T> {
  /** The value, or the error rethrown. */
  result(): Promise<T>;
  /** Resolves when done, whatever the outcome. */
  settled(): Promise<void>;
}

function defer<T>(promise: Promise<T>): Deferred<T> {
  const outcome = promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return {
    async result() {
      const o = await outcome;
      if (!o.ok) throw o.error;
      return o.value;
    },
    async settled() {
      await outcome;
    },
  };
}
