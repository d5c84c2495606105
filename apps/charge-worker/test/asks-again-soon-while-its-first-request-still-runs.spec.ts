import { TEST_CARD_TOKENS } from '@paystream/contracts';
import { APP_START_TIMEOUT_MS, TollWorld } from './support/toll-world';

/** Waits end as soon as their condition holds; generous for a loaded 2-core machine. */
const WAIT_MS = 120_000;
/** The gateway holds the tok_timeout request this long, then stores the approval. */
const HOLD_MS = 15_000;
/** The worker gives up on a request after this long, so its retries meet the held request (409 in use). */
const GATEWAY_TIMEOUT_MS = 1_000;
/** Waits on a request still running are drawn from [0, this]. */
const IN_USE_MAX_DELAY_MS = 1_000;
/**
 * 409s the worker must meet during the hold. Asking within 1 s meets 17–43 of
 * them (a simulation of 200,000 holds); backing off as for a failure
 * (doubling from 1 s towards RETRY_MAX_DELAY_MS) meets 4–8, never 12.
 */
const MIN_IN_USE_ANSWERS = 12;

/**
 * A 409 "idempotency key in use" is not a failure: the gateway answered, and
 * the request the worker gave up on is still running there. It will end
 * within the gateway's own time, so the worker asks again within
 * RETRY_IN_USE_MAX_DELAY_MS, not with the growing backoff of an outage (which
 * left a charge waiting up to minutes after its approval was stored).
 */
describe('asks again soon while its first request still runs', () => {
  let world: TollWorld;

  beforeAll(async () => {
    world = new TollWorld(
      {
        GATEWAY_TIMEOUT_MS: String(GATEWAY_TIMEOUT_MS),
        RETRY_BASE_DELAY_MS: '1000',
        RETRY_MAX_DELAY_MS: String(30 * 60_000),
        RETRY_IN_USE_MAX_DELAY_MS: String(IN_USE_MAX_DELAY_MS),
      },
      { gatewayEnv: { HOLD_MAX_MS: String(HOLD_MS) } },
    );
    await world.start();
  }, APP_START_TIMEOUT_MS * 2);

  afterAll(async () => {
    await world?.stop();
  }, 120_000);

  it(
    'keeps asking within RETRY_IN_USE_MAX_DELAY_MS while the gateway holds the request, then settles once, charged once',
    async () => {
      const worker = await world.startWorker();
      const charge = await world.seedCharge('HELD-1', TEST_CARD_TOKENS.timeout);
      await world.publishCharges([charge]);

      expect(await world.waitUntilDecided([charge.chargeId], WAIT_MS)).toEqual({ SETTLED: 1 });
      expect(await world.gatewayCharges(charge.chargeId)).toBe(1);
      expect((await world.chargeRow(charge.chargeId)).gateway_charge_id).not.toBeNull();
      // Only the first call was an attempt; every 409 was a wait on it.
      expect(
        await world.workerMetric(worker, 'charge_worker_gateway_in_use_total'),
      ).toBeGreaterThanOrEqual(MIN_IN_USE_ANSWERS);
    },
    APP_START_TIMEOUT_MS + 2 * WAIT_MS,
  );
});
