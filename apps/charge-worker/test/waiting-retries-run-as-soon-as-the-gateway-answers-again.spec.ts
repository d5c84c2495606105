import { TollChargeRequestedV1 } from '@paystream/contracts';
import { waitUntil } from '@paystream/testing';
import { APP_START_TIMEOUT_MS, TollWorld } from './support/toll-world';

/** Waits end as soon as their condition holds; generous for a loaded 2-core machine. */
const WAIT_MS = 120_000;
/**
 * Every retry's delay is drawn from [0, 30 min]: without a release on
 * recovery, five charges all retried within WAIT_MS would be a 1-in-200,000
 * chance, so this file fails without it.
 */
const LONG_DELAY_MS = String(30 * 60_000);

/**
 * Full-jitter backoff keeps a down gateway from being hammered, but it alone
 * would leave a charge waiting up to RETRY_MAX_DELAY_MS (5 min by default)
 * after the gateway is back. The first answer after an outage releases every
 * waiting retry, on whichever member gets it.
 */
describe('waiting retries run as soon as the gateway answers again', () => {
  let world: TollWorld;

  beforeAll(async () => {
    world = new TollWorld({
      RETRY_BASE_DELAY_MS: LONG_DELAY_MS,
      RETRY_MAX_DELAY_MS: LONG_DELAY_MS,
      // Re-drive from Postgres stays out of this file: only the release can end the wait.
      REDRIVE_AFTER_MS: LONG_DELAY_MS,
    });
    await world.start();
  }, APP_START_TIMEOUT_MS * 2);

  afterAll(async () => {
    await world?.stop();
  }, 120_000);

  const allDecided = (charges: TollChargeRequestedV1[]) =>
    world.waitUntilDecided(
      charges.map((c) => c.chargeId),
      WAIT_MS,
    );

  it(
    'a member that never saw the outage releases the retries another member scheduled during it',
    async () => {
      const first = await world.startWorker();
      await world.setGatewayFaults({ down: true });
      const waiting = await world.seedCharges(Array.from({ length: 5 }, (_, i) => `WAIT-${i}`));
      await world.publishCharges(waiting);
      await waitUntil(
        async () =>
          (await world.workerMetric(first, 'charge_worker_retries_scheduled_total')) >=
          waiting.length,
        { timeoutMs: WAIT_MS, description: 'every charge met the outage and waits for a retry' },
      );
      // The member that saw the outage leaves; the one that takes over only knows what Redis holds.
      expect(await first.kill('SIGTERM', 30_000)).toBe(0);
      const second = await world.startWorker();
      await world.setGatewayFaults({ down: false });

      const fresh = await world.seedCharge('FRESH-1');
      await world.publishCharges([fresh]);

      expect(await allDecided([fresh, ...waiting])).toEqual({ SETTLED: waiting.length + 1 });
      for (const charge of waiting) expect(await world.gatewayCharges(charge.chargeId)).toBe(1);
      expect(await world.workerMetric(second, 'charge_worker_outage_recoveries_total')).toBe(1);
      expect(
        await world.workerMetric(second, 'charge_worker_retries_promoted_total'),
      ).toBeGreaterThanOrEqual(waiting.length);
    },
    APP_START_TIMEOUT_MS + 3 * WAIT_MS,
  );
});
