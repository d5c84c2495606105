import { exitIntakeStatement, ExitIntakeRows } from './exit-intake.sql';

const now = new Date('2026-11-30T08:00:00.123Z');
const rows: ExitIntakeRows = {
  exit: {
    id: '11111111-1111-4111-8111-111111111111',
    idempotencyKey: 'lane-evt-1',
    plazaId: 'PLZ-B',
    laneId: 'L3',
    plate: 'AB-123-CD',
    vehicleClass: 'car',
    entryPlazaId: null,
    exitedAt: new Date('2026-11-30T07:59:59.000Z'),
  },
  charge: {
    id: '22222222-2222-4222-8222-222222222222',
    cardToken: 'tok_visa',
    amountMinor: 320,
    currency: 'EUR',
  },
  outbox: {
    eventId: '33333333-3333-4333-8333-333333333333',
    eventType: 'TollChargeRequested',
    schemaVersion: 1,
    aggregateType: 'toll_charge',
    aggregateId: '22222222-2222-4222-8222-222222222222',
    topic: 'toll.charges.v1',
    key: 'AB-123-CD',
    payload: { chargeId: '22222222-2222-4222-8222-222222222222' },
    headers: { 'event-id': '33333333-3333-4333-8333-333333333333' },
    occurredAt: now,
  },
  now,
};

describe('the exit intake statement', () => {
  const statement = exitIntakeStatement(rows);
  const sql = statement.sql.replace(/\s+/g, ' ');

  it('is one statement chaining exit → charge → outbox row, so all three are written or none', () => {
    expect(sql).not.toMatch(/;/);
    expect(sql).toMatch(/WITH new_exit AS \( INSERT INTO toll_exits .* RETURNING id \)/);
    expect(sql).toMatch(
      /new_charge AS \( INSERT INTO toll_charges .* FROM new_exit RETURNING id \)/,
    );
    expect(sql).toMatch(/INSERT INTO outbox_events .* FROM new_charge$/);
  });

  it('sends every value as a parameter, none spliced into the text', () => {
    for (const text of ['lane-evt-1', 'AB-123-CD', 'tok_visa', 'toll.charges.v1', 'EUR']) {
      expect(statement.sql).not.toContain(text);
    }
    expect(statement.values).toEqual(
      expect.arrayContaining([
        rows.exit.id,
        'lane-evt-1',
        null,
        rows.exit.exitedAt,
        now,
        rows.charge.id,
        320,
        'PENDING',
        0,
        rows.outbox.eventId,
        JSON.stringify(rows.outbox.payload),
        JSON.stringify(rows.outbox.headers),
      ]),
    );
  });
});
