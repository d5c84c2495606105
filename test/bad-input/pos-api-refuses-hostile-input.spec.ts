import { AppProcess, createTestDatabase, randomName, TestDatabase } from '@paystream/testing';
import { Redis } from 'ioredis';
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
import { startGateway, startTill } from './support/start-apps';

jest.setTimeout(300_000);

const UNKNOWN_ID = '5b1d7c3e-8f0a-4c2b-9d6e-1a2b3c4d5e6f';
const VALID_PAYMENT = {
  storeId: 'store-1',
  terminalId: 'till-7',
  amount: 1999,
  currency: 'EUR',
  cardToken: 'tok_visa',
};
const sync: Endpoint = {
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

function idCases(): HostileCase[] {
  const at = (
    name: string,
    id: string,
    expect: HostileCase['expect'] = { refused: [400], field: 'id' },
  ): HostileCase => ({
    name: `id ${name}`,
    method: 'GET',
    path: `/pos/payments/${id}`,
    expect,
  });
  return [
    at('not a uuid', 'not-a-uuid'),
    at('a NUL', '%00'),
    at('a uuid with a NUL', `${UNKNOWN_ID}%00`),
    at('an encoded lone surrogate', '%ED%A0%80', { refused: [400] }),
    at('overlong', 'a'.repeat(4000)),
    at('SQL', "1'%20OR%20'1'='1"),
    at('unknown (a well-formed uuid)', UNKNOWN_ID, { refused: [404] }),
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
  ...[...routeCases({ method: 'GET', path: `/pos/payments/${UNKNOWN_ID}` }), ...idCases()].map(
    (c): [string, HostileCase] => [`GET /pos/payments/:id: ${c.name}`, c],
  ),
  ...commonRouteTable(),
];

describe('pos-api refuses hostile input (400/404/405/413/415, the project error shape, nothing written)', () => {
  let db: TestDatabase;
  let gateway: AppProcess;
  let till: AppProcess;
  let rows: RowCounter;
  const queuePrefix = randomName('bad-input-pos');

  beforeAll(async () => {
    db = await createTestDatabase();
    gateway = await startGateway(db.url);
    till = await startTill(db.url, gateway.url, queuePrefix);
    rows = await RowCounter.open(db.url);
  });

  afterAll(async () => {
    await till?.kill('SIGTERM');
    await gateway?.kill('SIGTERM');
    await rows?.close();
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${queuePrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await db?.drop();
  });

  it.each(TILL_TABLE)('%s', async (_name, c) => {
    await expectRefusal(till.url, c, rows);
  });

  it.each([
    ['sync', '/pos/payments', 1000],
    ['queue (hybrid)', '/pos/payments?via=queue', 600],
  ] as const)(
    'generated mutations of a valid %s payment (%s, %i runs): no 5xx, no hang, refusals in the error shape, nothing written by a refusal',
    async (mode, path, numRuns) => {
      const statuses = await assertMutationsAreRefusedCleanly({
        baseUrl: till.url,
        valid: {
          method: 'POST',
          path,
          headers: { 'idempotency-key': FRESH_KEY },
          body: VALID_PAYMENT,
        },
        numRuns,
        rows,
        queryParams: { via: ['sync', 'queue'] },
      });
      console.log(`POST ${path} (${mode}) mutations, answers by status:`, statuses);
      expect(statuses[201]).toBeGreaterThan(0);
      expect(statuses[400]).toBeGreaterThan(0);
    },
  );

  it.each(rawCases('/pos/payments').map((c) => [c.name, c] as const))(
    'below HTTP: %s',
    async (_name, c) => {
      await expectRawRefusal(till.url, c);
    },
  );
});
