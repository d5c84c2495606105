import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { TOLL_CHARGE_REQUESTED_V1, TollChargeRequestedV1 } from '@paystream/contracts';
import { Pool } from 'pg';
import { ChargeWorkerConfig } from '../config/charge-worker.config';
import { redriveEventId } from './redrive-event-id';
import { StalePendingCharge } from './stale-pending-charge';

interface Row {
  id: string;
  plate: string;
  card_token: string;
  amount_minor: number;
  currency: string;
  created_at: Date;
  vehicle_class: string;
  plaza_id: string;
  lane_id: string;
  entry_plaza_id: string | null;
  exited_at: Date;
  event_id: string | null;
}

/** Keyset position of a sweep: rows after (createdAt, id). */
export interface PendingCursor {
  createdAt: Date;
  id: string;
}

/**
 * The worker's only view of Postgres, and a read-only one (the session
 * refuses writes): PENDING charges older than a bound, rebuilt as the charge
 * event from the charge and its exit. The database stays the sink's to write.
 */
@Injectable()
export class PendingChargesRepository implements OnApplicationShutdown {
  private readonly pool: Pool;

  constructor(@Inject(APP_CONFIG) config: ChargeWorkerConfig) {
    this.pool = new Pool({
      connectionString: config.DATABASE_URL,
      max: 2,
      options: '-c default_transaction_read_only=on',
      connectionTimeoutMillis: 10_000,
      statement_timeout: 30_000,
    });
    // An idle client's error (Postgres restarted) must not crash the worker: the next sweep reconnects.
    this.pool.on('error', () => undefined);
  }

  /**
   * PENDING charges created before `olderThan`, oldest first, after `cursor`.
   * A charge whose outbox event is not published yet is left to the relay:
   * it has never reached Kafka, so there is nothing to re-drive.
   */
  async stale(
    olderThan: Date,
    limit: number,
    cursor?: PendingCursor,
  ): Promise<StalePendingCharge[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT c.id, c.plate, c.card_token, c.amount_minor, c.currency, c.created_at,
              e.vehicle_class, e.plaza_id, e.lane_id, e.entry_plaza_id, e.exited_at,
              (SELECT o.event_id FROM outbox_events o WHERE o.aggregate_id = c.id::text ORDER BY o.id LIMIT 1) AS event_id
         FROM toll_charges c JOIN toll_exits e ON e.id = c.exit_id
        WHERE c.status = 'PENDING' AND c.created_at < $1
          AND ($3::timestamptz IS NULL OR (c.created_at, c.id) > ($3::timestamptz, $4::uuid))
          AND NOT EXISTS (SELECT 1 FROM outbox_events o WHERE o.aggregate_id = c.id::text AND o.published_at IS NULL)
        ORDER BY c.created_at, c.id
        LIMIT $2`,
      [olderThan, limit, cursor?.createdAt ?? null, cursor?.id ?? null],
    );
    return rows.map((row) => ({ event: toEvent(row), createdAt: row.created_at }));
  }

  /** Created-at of the oldest PENDING charge, if any. */
  async oldestPendingCreatedAt(): Promise<Date | undefined> {
    const { rows } = await this.pool.query<{ created_at: Date }>(
      `SELECT created_at FROM toll_charges WHERE status = 'PENDING' ORDER BY created_at LIMIT 1`,
    );
    return rows[0]?.created_at;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}

function toEvent(row: Row): TollChargeRequestedV1 {
  return {
    // The outbox event's own id when there is one: the re-drive is the same event again.
    eventId: row.event_id ?? redriveEventId(row.id),
    schemaVersion: TOLL_CHARGE_REQUESTED_V1.schemaVersion,
    chargeId: row.id,
    plate: row.plate,
    vehicleClass: row.vehicle_class,
    plazaId: row.plaza_id,
    laneId: row.lane_id,
    entryPlazaId: row.entry_plaza_id,
    exitedAt: row.exited_at.toISOString(),
    amountMinor: row.amount_minor,
    currency: row.currency as TollChargeRequestedV1['currency'],
    cardToken: row.card_token,
  };
}
