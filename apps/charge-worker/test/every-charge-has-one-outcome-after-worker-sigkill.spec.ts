import { produceMessages, waitUntil } from '@paystream/testing';
import { chargeRecord } from './support/charge-record';
import { TollWorld } from './support/toll-world';

const CHARGES = 1_000;
const PLATES = 200;

describe('worker killed with SIGKILL mid-stream', () => {
  const world = new TollWorld({ PARTITION_CONCURRENCY: '8' });

  beforeAll(async () => {
    await world.start();
  });

  afterAll(async () => {
    await world.stop();
  });

  it('every one of 1,000 charges ends with exactly one outcome and one gateway charge', async () => {
    const charges = [];
    for (let i = 0; i < CHARGES; i += 1) charges.push(await world.seedCharge(`KILL-${i % PLATES}`));
    const [first] = [await world.startWorker(), await world.startWorker()];
    await produceMessages(world.topics.charges, charges.map(chargeRecord));

    const decided = async () => {
      const { rows } = await world.pg.query<{ n: string }>(`SELECT count(*) AS n FROM toll_charges WHERE status <> 'PENDING'`);
      return Number(rows[0].n);
    };
    // Kill one member while a good part of the stream is still in flight.
    await waitUntil(async () => (await decided()) >= CHARGES / 5, { timeoutMs: 120_000, description: 'a fifth decided' });
    await first.kill('SIGKILL');
    expect(first.hasExited).toBe(true);
    await world.startWorker();

    await waitUntil(async () => (await decided()) === CHARGES, { timeoutMs: 240_000, intervalMs: 500, description: 'all charges decided' });

    const { rows: statuses } = await world.pg.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM toll_charges GROUP BY status',
    );
    expect(statuses).toEqual([{ status: 'SETTLED', n: String(CHARGES) }]);
    const { rows: gateway } = await world.pg.query<{ keys: string; approved: string }>(
      `SELECT count(DISTINCT idempotency_key) AS keys, count(*) AS approved FROM gateway_charges WHERE status = 'approved'`,
    );
    expect(gateway[0]).toEqual({ keys: String(CHARGES), approved: String(CHARGES) });
    // One applied outcome per charge in the sink's ledger, whatever was redelivered.
    const { rows: ledger } = await world.pg.query<{ n: string }>(
      `SELECT count(*) AS n FROM processed_events WHERE outcome <> 'stale'`,
    );
    expect(Number(ledger[0].n)).toBe(CHARGES);
  });
});
