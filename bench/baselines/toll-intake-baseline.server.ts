// The anchor of the toll-intake scenario: the least code that does the same
// database work as POST /toll/exits — read the tariff, then write exit +
// charge + outbox row in ONE transaction with `pg` directly (a replayed key
// fails on the unique index, as in toll-api, which then reads the stored charge).
// No framework, no validation library, no ORM, no logging.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';

const port = Number(process.env.PORT);
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_MAX ?? 10),
});
const topic = process.env.TOLL_CHARGES_TOPIC ?? 'toll.charges.v1';

interface Exit {
  plazaId: string;
  laneId: string;
  plate: string;
  vehicleClass: string;
  cardToken: string;
  entryPlazaId?: string | null;
}

async function recordExit(
  key: string,
  exit: Exit,
): Promise<{ chargeId: string; exitId: string; amountMinor: number; currency: string }> {
  const client = await pool.connect();
  try {
    const entry = exit.entryPlazaId ?? null;
    const tariffs = await client.query<{
      entry_plaza_id: string;
      amount_minor: number;
      currency: string;
    }>(
      'SELECT entry_plaza_id, amount_minor, currency FROM toll_tariffs WHERE vehicle_class = $1 AND exit_plaza_id = $2 AND entry_plaza_id = ANY($3)',
      [exit.vehicleClass, exit.plazaId, entry ? [entry, '*'] : ['*']],
    );
    const tariff =
      tariffs.rows.find((t) => t.entry_plaza_id === entry) ??
      tariffs.rows.find((t) => t.entry_plaza_id === '*');
    if (!tariff) throw new Error('no tariff');
    const exitId = randomUUID();
    const chargeId = randomUUID();
    const eventId = randomUUID();
    const now = new Date();
    const payload = {
      eventId,
      schemaVersion: 1,
      chargeId,
      plate: exit.plate,
      vehicleClass: exit.vehicleClass,
      plazaId: exit.plazaId,
      laneId: exit.laneId,
      entryPlazaId: entry,
      exitedAt: now.toISOString(),
      amountMinor: tariff.amount_minor,
      currency: tariff.currency,
      cardToken: exit.cardToken,
    };
    const headers = {
      'event-id': eventId,
      'event-type': 'TollChargeRequested',
      'schema-version': '1',
      'occurred-at': now.toISOString(),
      'content-type': 'application/json',
    };
    await client.query('BEGIN');
    try {
      await client.query(
        'INSERT INTO toll_exits (id, idempotency_key, plaza_id, lane_id, plate, vehicle_class, entry_plaza_id, exited_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)',
        [exitId, key, exit.plazaId, exit.laneId, exit.plate, exit.vehicleClass, entry, now],
      );
      await client.query(
        'INSERT INTO toll_charges (id, exit_id, plate, card_token, amount_minor, currency) VALUES ($1,$2,$3,$4,$5,$6)',
        [chargeId, exitId, exit.plate, exit.cardToken, tariff.amount_minor, tariff.currency],
      );
      await client.query(
        `INSERT INTO outbox_events (event_id, aggregate_type, aggregate_id, event_type, schema_version, topic, key, payload, headers, occurred_at)
         VALUES ($1,'toll_charge',$2,'TollChargeRequested',1,$3,$4,$5,$6,$7)`,
        [eventId, chargeId, topic, exit.plate, payload, headers, now],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
    return { chargeId, exitId, amountMinor: tariff.amount_minor, currency: tariff.currency };
  } finally {
    client.release();
  }
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'GET' && req.url?.startsWith('/health')) {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  if (req.method !== 'POST' || req.url !== '/toll/exits') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const key = String(req.headers['idempotency-key'] ?? '');
    let body: Exit;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Exit;
    } catch {
      res.writeHead(400).end();
      return;
    }
    recordExit(key, body).then(
      (r) => {
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            chargeId: r.chargeId,
            exitId: r.exitId,
            status: 'PENDING',
            barrier: 'OPEN',
            fee: { amountMinor: r.amountMinor, currency: r.currency },
          }),
        );
      },
      (error: Error) => {
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: error.message }));
      },
    );
  });
}

const server = createServer(handle);
server.listen(port, '127.0.0.1');
const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
