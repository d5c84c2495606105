import { AppProcess } from '@paystream/testing';
import { badInputWorld } from './support/bad-input-world';
import { commonRouteTable } from './support/common-routes';
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
import { idPathCases, UNKNOWN_ID } from './support/id-path-cases';
import { ValidRequest } from './support/mutations';
import {
  expectMutationsOnBothSides,
  itRefusesBelowHttp,
  itRefusesEveryRow,
} from './support/refusal-tests';
import { startTollApi } from './support/start-apps';

jest.setTimeout(300_000);

export const VALID_EXIT = {
  plazaId: 'PLZ-B',
  laneId: 'L3',
  plate: 'AB-123-CD',
  vehicleClass: 'car',
  cardToken: 'tok_visa',
  entryPlazaId: 'PLZ-A',
  exitedAt: '2026-01-01T10:00:00Z',
};
const exits: Endpoint & ValidRequest = {
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
  ...[
    ...routeCases({ method: 'GET', path: `/toll/charges/${UNKNOWN_ID}` }),
    ...idPathCases('GET', (id) => `/toll/charges/${id}`),
  ].map((c): [string, HostileCase] => [`GET /toll/charges/:id: ${c.name}`, c]),
  ...commonRouteTable(),
];

describe('toll-api refuses hostile input (400/404/405/413/415, the project error shape, nothing written)', () => {
  let api: AppProcess;
  const world = badInputWorld(async (w) => {
    api = w.track(await startTollApi(w.db.url));
  });

  itRefusesEveryRow(TABLE, () => api.url, world);

  it('1 500 generated mutations of a valid exit: no 5xx, no hang, refusals in the error shape, nothing written by a refusal', async () => {
    await expectMutationsOnBothSides(
      'POST /toll/exits',
      { baseUrl: api.url, valid: exits, numRuns: 1500, rows: world.rows },
      202,
    );
  });

  itRefusesBelowHttp('/toll/exits', () => api.url);
});
