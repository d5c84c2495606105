import { Client } from 'pg';
import { backoffDelay } from './backoff';
import { OutboxPublisher } from './outbox-publisher';
import { OutboxRelayHooks, OutboxRelayOptions } from './outbox-relay-options';
import { OutboxRow } from './outbox-row';
import { RelayRole } from './relay-role';

interface RawRow {
  id: string;
  event_id: string;
  topic: string;
  key: string;
  payload: unknown;
  headers: Record<string, string> | null;
  created_at: Date;
}

export interface OutboxBacklog {
  count: number;
  /** Age of the oldest unpublished row; 0 when the backlog is empty. */
  oldestAgeSeconds: number;
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
 */
export class OutboxRelay {
  private roleValue: RelayRole = 'starting';
  private stopping = false;
  private running: Promise<void> | undefined;
  private client: Client | undefined;
  private clientHealthy = false;
  private wakePending = false;
  private wakeSleeper: (() => void) | undefined;

  constructor(
    private readonly options: OutboxRelayOptions,
    private readonly publisher: OutboxPublisher,
    private readonly hooks: OutboxRelayHooks = {},
  ) {}

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
    const { rows } = await client.query<{ count: number; oldest: number | null }>(
      `SELECT count(*)::int AS count,
              EXTRACT(EPOCH FROM (now() - min(created_at)))::float8 AS oldest
         FROM outbox_events WHERE published_at IS NULL`,
    );
    return { count: rows[0].count, oldestAgeSeconds: Math.max(0, rows[0].oldest ?? 0) };
  }

  async pingDatabase(): Promise<void> {
    if (!this.client || !this.clientHealthy) throw new Error('not connected to the database');
    await this.client.query('SELECT 1');
  }

  private async run(): Promise<void> {
    let connectFailures = 0;
    while (!this.stopping) {
      const client = new Client({ connectionString: this.options.databaseUrl });
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
      try {
        await client.connect();
        this.client = client;
        this.clientHealthy = true;
        connectFailures = 0;
        this.setRole('standby');
        if (await this.acquireLock(client)) {
          this.setRole('active');
          await client.query(`LISTEN "${this.options.channel}"`);
          await this.publishWhileActive(client);
        }
      } catch (error) {
        connectFailures += 1;
        this.hooks.onConnectionError?.(error as Error);
        if (!this.stopping)
          await this.sleep(
            backoffDelay(connectFailures, this.options.backoffMinMs, this.options.backoffMaxMs),
          );
      } finally {
        this.clientHealthy = false;
        this.client = undefined;
        // Ending the session releases the advisory lock.
        await client.end().catch(() => undefined);
        if (!this.stopping) this.setRole('standby');
      }
    }
  }

  private async acquireLock(client: Client): Promise<boolean> {
    while (!this.stopping && this.clientHealthy) {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1::bigint) AS locked',
        [this.options.lockKey],
      );
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
        const publishing = this.publisher.publish(rows);
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
          const delay = backoffDelay(failures, this.options.backoffMinMs, this.options.backoffMaxMs);
          const message = (error as Error).message ?? String(error);
          await client.query(
            `UPDATE outbox_events SET publish_attempts = publish_attempts + 1, last_error = $2
              WHERE id = ANY($1::bigint[])`,
            [ids, message.slice(0, 2_000)],
          );
          this.hooks.onPublishFailed?.(error as Error, rows.length, failures, delay);
          await this.publisher.reset();
          await this.sleep(delay);
          continue;
        }
        failures = 0;
        // The previous mark must have landed before this batch's is queued (errors surface here).
        await marking?.result();
        // Only after the acknowledgement. A crash before the mark commits republishes
        // the batch on restart: duplicates are allowed, consumers dedupe by event id.
        marking = defer(
          client
            .query(
              `UPDATE outbox_events SET published_at = now(), publish_attempts = publish_attempts + 1
                WHERE id = ANY($1::bigint[])`,
              [ids],
            )
            .then(() => {
              this.hooks.onBatchPublished?.(rows.length, Number(process.hrtime.bigint() - started) / 1e9);
            }),
        );
      }
      await marking?.result();
    } finally {
      // Leaving (stop, lost session, error): never leave a read or a mark unobserved.
      await Promise.all([prefetched?.settled(), marking?.settled()]);
    }
  }

  private async fetchBatch(client: Client, inFlight: string[]): Promise<OutboxRow[]> {
    const { rows } = await client.query<RawRow>(
      // ORDER BY the table's bigint column, not the text alias (which would sort "10" before "9").
      `SELECT o.id::text AS id, o.event_id, o.topic, o.key, o.payload, o.headers, o.created_at
         FROM outbox_events o
        WHERE o.published_at IS NULL AND o.id <> ALL($2::bigint[])
        ORDER BY o.id LIMIT $1`,
      [this.options.batchSize, inFlight],
    );
    return rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      topic: r.topic,
      key: r.key,
      payload: r.payload,
      headers: r.headers ?? {},
      createdAt: r.created_at,
    }));
  }

  private async cleanup(client: Client): Promise<void> {
    const result = await client.query(
      `DELETE FROM outbox_events
        WHERE published_at IS NOT NULL AND published_at < now() - ($1::bigint * interval '1 millisecond')`,
      [this.options.retentionMs],
    );
    if ((result.rowCount ?? 0) > 0) this.hooks.onCleanup?.(result.rowCount ?? 0);
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
