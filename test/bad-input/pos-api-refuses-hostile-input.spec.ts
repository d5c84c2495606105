import { AppProcess, randomName } from '@paystream/testing';
import { Redis } from 'ioredis';
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
import { idPathCases, SQL_ID, UNKNOWN_ID } from './support/id-path-cases';
import { ValidRequest } from './support/mutations';
import {
  expectMutationsOnBothSides,
  itRefusesBelowHttp,
  itRefusesEveryRow,
} from './support/refusal-tests';
import { startGateway, startTill } from './support/start-apps';

jest.setTimeout(300_000);

const VALID_PAYMENT = {
  storeId: 'store-1',
  terminalId: 'till-7',
  amount: 1999,
  currency: 'EUR',
  cardToken: 'tok_visa',
};
const sync: Endpoint & ValidRequest = {
  method: 'POST',
  path: '/pos/payments',
  headers: { 'idempotency-key': FRESH_KEY },
  body: VALID_PAYMENT,
};
const queued: Endpoint = { ...sync, path: '/pos/payments?via=queue' };

function modeCases(): HostileCase[] {
  const post = (
    name: string,
    path: string,
    headers: Record<string, string | string[]>,
    field: string,
  ): HostileCase => ({
    name,
    method: 'POST',
    path,
    headers: { ...jsonHeaders(sync), ...headers },
    body: JSON.stringify(VALID_PAYMENT),
    expect: { refused: [400], field },
  });
  return [
    post('via unknown', '/pos/payments?via=carrier-pigeon', {}, 'via'),
    post('via empty', '/pos/payments?via=', {}, 'via'),
    post('via repeated', '/pos/payments?via=queue&via=sync', {}, 'via'),
    post('via nested', '/pos/payments?via[a]=queue', {}, 'via[a]'),
    post('an unknown query parameter', '/pos/payments?mode=queue', {}, 'mode'),
    post('via NUL', '/pos/payments?via=queue%00', {}, 'via'),
    post('via upper case', '/pos/payments?via=QUEUE', {}, 'via'),
    post(
      'x-payment-mode unknown',
      '/pos/payments',
      { 'x-payment-mode': 'telepathy' },
      'x-payment-mode',
    ),
    post(
      'x-payment-mode twice',
      '/pos/payments',
      { 'x-payment-mode': ['queue', 'sync'] },
      'x-payment-mode',
    ),
  ];
}

export const TILL_TABLE: Array<[string, HostileCase]> = [
  ...[
    ...routeCases({ ...sync, alsoTrue: [400] }),
    ...jsonBodyCases(sync),
    ...fieldCases(sync),
    ...keyHeaderCases(sync, 'idempotency-key', 'Idempotency-Key'),
    ...modeCases(),
  ].map((c): [string, HostileCase] => [`POST /pos/payments: ${c.name}`, c]),
  ...[
    ...jsonBodyCases(queued),
    ...fieldCases(queued),
    ...keyHeaderCases(queued, 'idempotency-key', 'Idempotency-Key'),
  ].map((c): [string, HostileCase] => [`POST /pos/payments?via=queue: ${c.name}`, c]),
  ...[
    ...routeCases({ method: 'GET', path: `/pos/payments/${UNKNOWN_ID}` }),
    ...idPathCases('GET', (id) => `/pos/payments/${id}`, [SQL_ID]),
  ].map((c): [string, HostileCase] => [`GET /pos/payments/:id: ${c.name}`, c]),
  ...commonRouteTable(),
];

describe('pos-api refuses hostile input (400/404/405/413/415, the project error shape, nothing written)', () => {
  let till: AppProcess;
  const queuePrefix = randomName('bad-input-pos');
  const world = badInputWorld(async (w) => {
    // Last to run: the till's queue keys go once the till has stopped.
    w.onStop(async () => {
      const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      const keys = await redis.keys(`${queuePrefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    });
    const gateway = w.track(await startGateway(w.db.url));
    till = w.track(await startTill(w.db.url, gateway.url, queuePrefix));
  });

  itRefusesEveryRow(TILL_TABLE, () => till.url, world);

  it.each([
    ['sync', '/pos/payments', 1000],
    ['queue (hybrid)', '/pos/payments?via=queue', 600],
  ] as const)(
    'generated mutations of a valid %s payment (%s, %i runs): no 5xx, no hang, refusals in the error shape, nothing written by a refusal',
    async (mode, path, numRuns) => {
      await expectMutationsOnBothSides(
        `POST ${path} (${mode})`,
        {
          baseUrl: till.url,
          valid: { ...sync, path },
          numRuns,
          rows: world.rows,
          queryParams: { via: ['sync', 'queue'] },
        },
        201,
      );
    },
  );

  itRefusesBelowHttp('/pos/payments', () => till.url);
});
