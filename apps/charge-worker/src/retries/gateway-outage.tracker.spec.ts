import { PinoLogger } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { ChargeWorkerMetrics } from '../charges/charge-worker.metrics';
import { ChargeWorkerConfig } from '../config/charge-worker.config';
import { ChargeRetryQueue } from './charge-retry.queue';
import { GatewayOutageTracker } from './gateway-outage.tracker';

const CHECK_INTERVAL_MS = 1_000;

/** The outage mark as Redis would hold it, with a switch to make Redis fail. */
class MarkStore {
  marked = false;
  down = false;
  clears = 0;
  promotions = 0;
  waiting = 3;

  readonly queue = {
    markGatewayDown: async () => {
      this.fail();
      this.marked = true;
    },
    clearGatewayDownMark: async () => {
      this.fail();
      this.clears += 1;
      const was = this.marked;
      this.marked = false;
      return was;
    },
    promoteWaiting: async () => {
      this.fail();
      this.promotions += 1;
      return this.waiting;
    },
  } as unknown as ChargeRetryQueue;

  private fail(): void {
    if (this.down) throw new Error('redis down');
  }
}

describe('GatewayOutageTracker', () => {
  let store: MarkStore;
  let metrics: ChargeWorkerMetrics;
  let now: number;
  let tracker: GatewayOutageTracker;
  const warnings: string[] = [];

  beforeEach(() => {
    store = new MarkStore();
    metrics = new ChargeWorkerMetrics(new Registry());
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    warnings.length = 0;
    const logger = {
      info: () => undefined,
      warn: (_: unknown, message: string) => warnings.push(message),
    } as unknown as PinoLogger;
    tracker = new GatewayOutageTracker(
      { RETRY_RECOVERY_CHECK_INTERVAL_MS: CHECK_INTERVAL_MS } as ChargeWorkerConfig,
      store.queue,
      metrics,
      logger,
    );
  });

  afterEach(() => jest.restoreAllMocks());

  const counter = async (c: { get(): Promise<{ values: { value: number }[] }> }) =>
    (await c.get()).values.reduce((sum, v) => sum + v.value, 0);

  it('releases the waiting retries at the first answer after its own failure', async () => {
    await tracker.failed();
    expect(store.marked).toBe(true);
    await tracker.answered();
    expect(store.marked).toBe(false);
    expect(store.promotions).toBe(1);
    expect(await counter(metrics.outageRecoveries)).toBe(1);
    expect(await counter(metrics.retriesPromoted)).toBe(3);
    // The outage is over: later answers release nothing.
    now += 10 * CHECK_INTERVAL_MS;
    await tracker.answered();
    expect(store.promotions).toBe(1);
  });

  it("finds another member's mark, asking Redis at most once per interval", async () => {
    await tracker.answered();
    expect(store.clears).toBe(1);
    store.marked = true; // another member saw the gateway down
    now += CHECK_INTERVAL_MS - 1;
    await tracker.answered();
    expect(store.clears).toBe(1);
    expect(store.promotions).toBe(0);
    now += 1;
    await tracker.answered();
    expect(store.clears).toBe(2);
    expect(store.promotions).toBe(1);
  });

  it('a Redis failure during the release keeps the outage: the next answer releases', async () => {
    await tracker.failed();
    store.down = true;
    await tracker.answered();
    expect(store.promotions).toBe(0);
    expect(warnings).toEqual(['could not release the retries waiting on the gateway']);
    store.down = false;
    // Its own failure is remembered: no need to wait for the interval.
    await tracker.answered();
    expect(store.promotions).toBe(1);
  });

  it('a release that fails after taking the mark puts the mark back for the other members', async () => {
    await tracker.failed();
    const promote = store.queue.promoteWaiting;
    store.queue.promoteWaiting = async () => {
      throw new Error('promote failed');
    };
    await tracker.answered();
    expect(store.marked).toBe(true);
    store.queue.promoteWaiting = promote;
    await tracker.answered();
    expect(store.promotions).toBe(1);
    expect(store.marked).toBe(false);
  });

  it('a failure to mark the gateway down never fails the charge', async () => {
    store.down = true;
    await expect(tracker.failed()).resolves.toBeUndefined();
    expect(warnings).toEqual(['could not mark the gateway down in Redis']);
  });
});
