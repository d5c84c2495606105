import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { Admin, Partitioners } from 'kafkajs';
import { Pool } from 'pg';
import { ConsoleConfig } from '../config/console.config';
import { DATABASE_POOL, KAFKA_ADMIN } from '../sources/sources.tokens';
import { Timeline, TimelineStep } from './charge-timeline';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The till's gateway key for a payment (pos-api's gatewayIdempotencyKey). */
const tillGatewayKey = (paymentId: string) => `pos-${paymentId}`;
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * Follows one payment across every system that touched it, from what each
 * system recorded: the HTTP intake, the outbox row, the partition its key
 * routes to, the worker's attempts, the gateway's charge (or void), the result
 * event the sink applied, the ledger row. Search by plate (its newest charges),
 * toll charge id, till payment id, or an Idempotency-Key.
 */
@Injectable()
export class FollowService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ConsoleConfig,
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
  ) {}

  async search(query: string, limit = 5): Promise<Timeline[]> {
    const q = query.trim();
    const tollIds = await this.tollChargeIds(q, limit);
    const tillIds = await this.tillPaymentIds(q, limit);
    const timelines: Timeline[] = [];
    for (const id of tollIds) timelines.push(await this.tollTimeline(id));
    for (const id of tillIds) timelines.push(await this.tillTimeline(id));
    return timelines;
  }

  private async tollChargeIds(q: string, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT c.id FROM toll_charges c JOIN toll_exits e ON e.id = c.exit_id
        WHERE ($1::uuid IS NOT NULL AND (c.id = $1::uuid OR e.id = $1::uuid))
           OR e.idempotency_key = $2 OR c.plate = upper($2)
        ORDER BY c.created_at DESC LIMIT $3`,
      [UUID.test(q) ? q : null, q, limit],
    );
    return rows.map((r) => r.id);
  }

  private async tillPaymentIds(q: string, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id FROM pos_payments
        WHERE ($1::uuid IS NOT NULL AND id = $1::uuid) OR idempotency_key = $2
        ORDER BY created_at DESC LIMIT $3`,
      [UUID.test(q) ? q : null, q, limit],
    );
    return rows.map((r) => r.id);
  }

  private async tollTimeline(chargeId: string): Promise<Timeline> {
    const [{ rows: charges }, { rows: outbox }, { rows: results }] = await Promise.all([
      this.pool.query(
        `SELECT c.*, e.idempotency_key AS exit_key, e.plaza_id, e.lane_id, e.exited_at, e.created_at AS exit_created_at
           FROM toll_charges c JOIN toll_exits e ON e.id = c.exit_id WHERE c.id = $1`,
        [chargeId],
      ),
      this.pool.query(
        `SELECT event_id, topic, key, created_at, published_at, publish_attempts, last_error
           FROM outbox_events WHERE aggregate_id = $1 ORDER BY id`,
        [chargeId],
      ),
      this.pool.query(
        `SELECT event_id, topic, kafka_partition, kafka_offset, outcome, processed_at
           FROM processed_events WHERE charge_id = $1 ORDER BY processed_at`,
        [chargeId],
      ),
    ]);
    const c = charges[0];
    const steps: TimelineStep[] = [
      {
        at: iso(c.exit_created_at),
        where: 'toll-api',
        what: `POST /toll/exits → 202, barrier open (plaza ${c.plaza_id}, lane ${c.lane_id})`,
        detail: { idempotencyKey: c.exit_key, plate: c.plate },
      },
      {
        at: iso(c.created_at),
        where: 'toll-api',
        what: `charge recorded PENDING, ${c.amount_minor} ${c.currency} minor units, in the same transaction as its outbox row`,
      },
    ];
    for (const row of outbox) {
      steps.push({
        at: iso(row.created_at),
        where: 'outbox',
        what: `outbox row for ${row.topic}, key ${row.key}`,
        detail: {
          eventId: row.event_id,
          publishAttempts: row.publish_attempts,
          lastError: row.last_error,
        },
      });
      steps.push({
        at: iso(row.published_at),
        where: 'kafka',
        what: row.published_at
          ? `in ${row.topic}, partition ${await this.partitionOf(row.topic, row.key)} (the key decides); marked published once Kafka acknowledged`
          : 'not published yet (in the outbox backlog)',
      });
    }
    const gateway = await this.gatewaySteps(chargeId);
    steps.push({
      // The worker's first call is when the gateway first saw the key.
      at: gateway[0]?.at ?? null,
      where: 'charge-worker',
      what: `${c.attempts} gateway attempt(s)${c.last_error ? `, last error: ${c.last_error}` : ''}`,
    });
    steps.push(...gateway);
    for (const r of results) {
      steps.push({
        at: iso(r.processed_at),
        where: 'db-sink',
        what: `result ${r.outcome} from ${r.topic} partition ${r.kafka_partition} offset ${r.kafka_offset} applied to the ledger`,
        detail: { eventId: r.event_id },
      });
    }
    steps.push({
      // When the sink wrote it (settled_at is the worker's time of the approval).
      at: iso(c.updated_at),
      where: 'ledger',
      what: `toll charge ${c.status}${c.decline_code ? ` (${c.decline_code})` : ''}`,
      detail: { gatewayChargeId: c.gateway_charge_id },
    });
    return { kind: 'toll', id: chargeId, status: c.status, steps: sortSteps(steps) };
  }

  private async tillTimeline(paymentId: string): Promise<Timeline> {
    const [{ rows: payments }, { rows: attempts }, { rows: sales }] = await Promise.all([
      this.pool.query('SELECT * FROM pos_payments WHERE id = $1', [paymentId]),
      this.pool.query(
        'SELECT * FROM pos_payment_attempts WHERE payment_id = $1 ORDER BY attempt_no',
        [paymentId],
      ),
      this.pool.query('SELECT created_at FROM sales WHERE payment_id = $1', [paymentId]),
    ]);
    const p = payments[0];
    const steps: TimelineStep[] = [
      {
        at: iso(p.created_at),
        where: 'pos-api',
        what: `POST /pos/payments (${p.mode === 'queue' ? 'over the queue' : 'synchronous'}), ${p.amount_minor} ${p.currency} minor units, deadline ${iso(p.deadline_at)}`,
        detail: { idempotencyKey: p.idempotency_key, store: p.store_id, terminal: p.terminal_id },
      },
    ];
    for (const a of attempts) {
      steps.push({
        at: iso(a.started_at),
        where: 'pos-api',
        what: `gateway call #${a.attempt_no}: ${a.outcome ?? 'no answer recorded'}${a.http_status ? ` (HTTP ${a.http_status})` : ''}${a.latency_ms !== null ? ` in ${a.latency_ms} ms` : ''}`,
        detail: a.error_message ? { error: a.error_message } : undefined,
      });
    }
    steps.push(...(await this.gatewaySteps(tillGatewayKey(paymentId))));
    steps.push({
      at: iso(p.updated_at),
      where: 'pos-api',
      what: `payment ${p.status}${p.resolution ? `, resolved: ${p.resolution}` : ''}${p.decline_code ? ` (${p.decline_code})` : ''}`,
    });
    if (sales[0])
      steps.push({
        at: iso(sales[0].created_at),
        where: 'pos-api',
        what: 'sale recorded: the customer took the shopping',
      });
    return { kind: 'till', id: paymentId, status: p.status, steps: sortSteps(steps) };
  }

  /** What the gateway holds for an idempotency key: the key's state, the charge, its void. */
  private async gatewaySteps(key: string): Promise<TimelineStep[]> {
    const [{ rows: keys }, { rows: charges }] = await Promise.all([
      this.pool.query(
        'SELECT state, created_at, response_status FROM gateway_idempotency_keys WHERE key = $1',
        [key],
      ),
      this.pool.query(
        'SELECT id, status, decline_code, created_at, voided_at FROM gateway_charges WHERE idempotency_key = $1',
        [key],
      ),
    ]);
    const steps: TimelineStep[] = [];
    for (const k of keys) {
      steps.push({
        at: iso(k.created_at),
        where: 'gateway',
        what: `idempotency key ${key} first seen; now ${k.state}${k.response_status ? ` (stored answer ${k.response_status})` : ''}`,
      });
    }
    for (const ch of charges) {
      steps.push({
        at: iso(ch.created_at),
        where: 'gateway',
        what: `charge ${ch.status}${ch.decline_code ? ` (${ch.decline_code})` : ''}`,
        detail: { gatewayChargeId: ch.id },
      });
      if (ch.voided_at)
        steps.push({
          at: iso(ch.voided_at),
          where: 'gateway',
          what: 'charge voided (the approval was not honoured)',
        });
    }
    if (keys.length === 0 && charges.length === 0) {
      steps.push({
        at: null,
        where: 'gateway',
        what: `nothing recorded for key ${key} (never reached the gateway)`,
      });
    }
    return steps;
  }

  private async partitionOf(topic: string, key: string): Promise<number | string> {
    try {
      const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
      const partitionMetadata = topics[0].partitions;
      return Partitioners.DefaultPartitioner()({
        topic,
        partitionMetadata,
        message: { key, value: null },
      });
    } catch {
      return '?';
    }
  }
}

/** Time order; steps without a time (nothing happened yet) last, in the order given. */
function sortSteps(steps: TimelineStep[]): TimelineStep[] {
  return steps
    .map((step, i) => ({ step, i }))
    .sort((a, b) => {
      if (a.step.at === null || b.step.at === null)
        return a.step.at === null ? (b.step.at === null ? a.i - b.i : 1) : -1;
      return a.step.at.localeCompare(b.step.at) || a.i - b.i;
    })
    .map(({ step }) => step);
}
