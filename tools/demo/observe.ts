import { CONSUMER_GROUPS, TOPICS } from '@paystream/contracts';
import { createKafka, describeGroupView, GroupView } from '@paystream/kafka';
import { Admin, logLevel } from 'kafkajs';
import { Pool } from 'pg';

export interface Backlog {
  pendingCharges: number;
  unpublishedOutbox: number;
  finalCharges: number;
  unresolvedTillTimeouts: number;
}

/** Reads the system's state from the outside: the database and the Kafka group coordinator. */
export class Observer {
  private readonly pool: Pool;
  private readonly admin: Admin;

  constructor(databaseUrl: string, brokers: string[]) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 2 });
    // The demo's database is dropped at shutdown: a terminated idle connection is expected then.
    this.pool.on('error', () => undefined);
    this.admin = createKafka({
      clientId: 'demo-observer',
      brokers,
      logLevel: logLevel.NOTHING,
    }).admin();
  }

  async connect(): Promise<void> {
    await this.admin.connect();
  }

  /**
   * What is not final yet. With `keyPrefix`, charges and till payments are
   * only those whose idempotency key starts with it (one chaos scenario); the
   * outbox count is always the whole outbox (the relay publishes it in order).
   */
  async backlog(keyPrefix?: string): Promise<Backlog> {
    const like =
      keyPrefix === undefined ? '%' : keyPrefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
    const { rows } = await this.pool.query(
      `SELECT
      (SELECT count(*) FROM toll_charges c JOIN toll_exits e ON e.id = c.exit_id
        WHERE c.status = 'PENDING' AND e.idempotency_key LIKE $1) AS pending,
      (SELECT count(*) FROM toll_charges c JOIN toll_exits e ON e.id = c.exit_id
        WHERE c.status <> 'PENDING' AND e.idempotency_key LIKE $1) AS final,
      (SELECT count(*) FROM outbox_events WHERE published_at IS NULL) AS unpublished,
      (SELECT count(*) FROM pos_payments WHERE status IN ('timed_out', 'pending') AND resolution IS NULL
        AND idempotency_key LIKE $1) AS unresolved`,
      [like],
    );
    const r = rows[0];
    return {
      pendingCharges: Number(r.pending),
      finalCharges: Number(r.final),
      unpublishedOutbox: Number(r.unpublished),
      unresolvedTillTimeouts: Number(r.unresolved),
    };
  }

  /** Charges created before `since` that are still PENDING: the outage's backlog. */
  async pendingCreatedBefore(since: Date): Promise<number> {
    const { rows } = await this.pool.query(
      `SELECT count(*) AS n FROM toll_charges WHERE status = 'PENDING' AND created_at < $1`,
      [since],
    );
    return Number(rows[0].n);
  }

  async workerGroup(): Promise<GroupView> {
    return describeGroupView(this.admin, CONSUMER_GROUPS.chargeWorkers, TOPICS.tollCharges);
  }

  async routes(): Promise<
    Array<{ vehicleClass: string; entryPlazaId: string | null; exitPlazaId: string }>
  > {
    const { rows } = await this.pool.query(
      `SELECT vehicle_class, entry_plaza_id, exit_plaza_id FROM toll_tariffs ORDER BY id`,
    );
    return rows.map((r) => ({
      vehicleClass: r.vehicle_class,
      entryPlazaId: r.entry_plaza_id === '*' ? null : r.entry_plaza_id,
      exitPlazaId: r.exit_plaza_id,
    }));
  }

  async leaderOf(topic: string, partition: number): Promise<number | undefined> {
    const meta = await this.admin.fetchTopicMetadata({ topics: [topic] });
    return meta.topics[0]?.partitions.find((p) => p.partitionId === partition)?.leader;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.pool.end(), this.admin.disconnect()]);
  }
}
