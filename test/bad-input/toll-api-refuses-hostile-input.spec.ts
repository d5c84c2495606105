import { AppProcess, createTestDatabase, TestDatabase } from '@paystream/testing';
import { commonRouteTable } from './support/common-routes';
import { expectRawRefusal, expectRefusal } from './support/expect-refusal';
import {
  Endpoint,
  fieldCases,
  FRESH_KEY,
  HostileCase,
  jsonBodyCases,
  jsonHeaders,
  keyHeaderCases,
  routeCases,
} from './support/hostile-cases';
import { assertMutationsAreRefusedCleanly } from './support/property-runner';
import { rawCases } from './support/raw-cases';
import { RowCounter } from './support/row-counter';
import { startTollApi } from './support/start-apps';

jest.setTimeout(300_000);

const UNKNOWN_ID = '5b1d7c3e-8f0a-4c2b-9d6e-1a2b3c4d5e6f';
export const VALID_EXIT = {
  plazaId: 'PLZ-B',
  laneId: 'L3',
  plate: 'AB-123-CD',
  vehicleClass: 'car',
  cardToken: 'tok_visa',
  entryPlazaId: 'PLZ-A',
  exitedAt: '2026-01-01T10:00:00Z',
};
const exits: Endpoint = {
  method: 'POST',
  path: '/toll/exits',
  headers: { 'idempotency-key': FRESH_KEY },
  body: VALID_EXIT,
};

function listCases(): HostileCase[] {
  const at = (name: string, query: string, field: string): HostileCase => ({
    name,
    method: 'GET',
    path: `/toll/charges${query}`,
    expect: { refused: [400], field },
  });
  return [
    at('plate missing', '', 'plate'),
    at('plate NUL', '?plate=AB%00', 'plate'),
    at('plate lone surrogate', '?plate=AB%ED%A0%80', 'plate'),
    at('plate overlong', `?plate=${'A'.repeat(4000)}`, 'plate'),
    at('plate repeated', '?plate=AB-1&plate=AB-2', 'plate'),
    at('plate nested', '?plate[a]=AB-1', 'plate'),
    at('limit negative', '?plate=AB-1&limit=-1', 'limit'),
    at('limit zero', '?plate=AB-1&limit=0', 'limit'),
    at('limit a float', '?plate=AB-1&limit=1.5', 'limit'),
    at('limit huge', '?plate=AB-1&limit=1e21', 'limit'),
    at('limit not a number', '?plate=AB-1&limit=ten', 'limit'),
    at('limit Infinity', '?plate=AB-1&limit=Infinity', 'limit'),
    at('limit hex', '?plate=AB-1&limit=0x10', 'limit'),
    at('limit repeated', '?plate=AB-1&limit=1&limit=2', 'limit'),
    at('an unknown parameter', '?plate=AB-1&sort=desc', 'sort'),
  ];
}

function idCases(): HostileCase[] {
  const at = (
    name: string,
    id: string,
    expect: HostileCase['expect'] = { refused: [400], field: 'id' },
  ): HostileCase => ({
    name: `id ${name}`,
    method: 'GET',
    path: `/toll/charges/${id}`,
    expect,
  });
  return [
    at('not a uuid', 'not-a-uuid'),
    at('a NUL', '%00'),
    at('a uuid with a NUL', `${UNKNOWN_ID}%00`),
    at('an encoded lone surrogate', '%ED%A0%80', { refused: [400] }),
    at('overlong', 'a'.repeat(4000)),
    at('unknown (a well-formed uuid)', UNKNOWN_ID, { refused: [404] }),
  ];
}

const TABLE: Array<[string, HostileCase]> = [
  ...[
    ...routeCases(exits),
    ...jsonBodyCases(exits),
    ...fieldCases(exits, { optional: ['entryPlazaId', 'exitedAt'] }),
    ...keyHeaderCases(exits, 'idempotency-key', 'Idempotency-Key'),
    {
      name: 'exitedAt not a date',
      method: 'POST',
      path: '/toll/exits',
      headers: jsonHeaders(exits),
      body: JSON.stringify({ ...VALID_EXIT, exitedAt: '2026-13-45T99:00:00Z' }),
      expect: { refused: [400], field: 'exitedAt' },
    },
  ].map((c): [string, HostileCase] => [`POST /toll/exits: ${c.name}`, c]),
  ...[
    ...routeCases({ method: 'GET', path: '/toll/charges?plate=AB-1', alsoTrue: [400] }),
    ...listCases(),
  ].map((c): [string, HostileCase] => [`GET /toll/charges: ${c.name}`, c]),
  ...[...routeCases({ method: 'GET', path: `/toll/charges/${UNKNOWN_ID}` }), ...idCases()].map(
    (c): [string, HostileCase] => [`GET /toll/charges/:id: ${c.name}`, c],
  ),
  ...commonRouteTable(),
];

describe('toll-api refuses hostile input (400/404/405/413/415, the project error shape, nothing written)', () => {
  let db: TestDatabase;
  let api: AppProcess;
  let rows: RowCounter;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startTollApi(db.url);
    rows = await RowCounter.open(db.url);
  });

  afterAll(async () => {
    await api?.kill('SIGTERM');
    await rows?.close();
    await db?.drop();
  });

  it.each(TABLE)('%s', async (_name, c) => {
    await expectRefusal(api.url, c, rows);
  });

  it('1 500 generated mutations of a valid exit: no 5xx, no hang, refusals in the error shape, nothing written by a refusal', async () => {
    const statuses = await assertMutationsAreRefusedCleanly({
      baseUrl: api.url,
      valid: {
        method: 'POST',
        path: '/toll/exits',
        headers: { 'idempotency-key': FRESH_KEY },
        body: VALID_EXIT,
      },
      numRuns: 1500,
      rows,
    });
    console.log('POST /toll/exits mutations, answers by status:', statuses);
    expect(statuses[202]).toBeGreaterThan(0);
    expect(statuses[400]).toBeGreaterThan(0);
  });

  it.each(rawCases('/toll/exits').map((c) => [c.name, c] as const))(
    'below HTTP: %s',
    async (_name, c) => {
      await expectRawRefusal(api.url, c);
    },
  );
});
