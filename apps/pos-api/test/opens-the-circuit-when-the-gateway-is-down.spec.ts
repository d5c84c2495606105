import { randomName, waitUntil } from '@paystream/testing';
import { HttpAnswer, startTill, TillHarness, tillBody } from './support/till-harness';

describe('pos-api: circuit breaker around the gateway', () => {
  let h: TillHarness;

  beforeAll(async () => {
    h = await startTill({
      till: {
        BREAKER_VOLUME_THRESHOLD: '3',
        BREAKER_ERROR_THRESHOLD_PERCENT: '50',
        BREAKER_RESET_TIMEOUT_MS: '1500',
      },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('opens after repeated failures, answers 503 without calling the gateway, and closes after recovery', async () => {
    // Declines are answers: they must not move the breaker.
    for (let i = 0; i < 4; i++)
      expect((await h.pay(tillBody('tok_card_declined'), { key: randomName('k') })).status).toBe(
        402,
      );
    expect(await h.metric('pos_gateway_breaker_state')).toBe(0);

    await h.setFaults({ down: true });
    // Collect what the till answers until the breaker opens; assert on every answer afterwards, outside the probe.
    const beforeOpen: { answer: HttpAnswer; reachedGateway: boolean }[] = [];
    await waitUntil(
      async () => {
        const reached = await h.gatewayChargeRequests();
        const answer = await h.pay(tillBody(), { key: randomName('k') });
        const open = (await h.metric('pos_gateway_breaker_state')) === 2;
        beforeOpen.push({ answer, reachedGateway: (await h.gatewayChargeRequests()) > reached });
        return open;
      },
      { description: 'breaker open' },
    );
    // The gateway's own "down" answer comes before any commit: a definite 503, final, nothing to resolve.
    const called = beforeOpen.filter((b) => b.reachedGateway);
    expect(called.length).toBeGreaterThanOrEqual(3);
    for (const { answer } of called) {
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({
        status: 'gateway_unavailable',
        error: 'gateway_unavailable',
        resolution: null,
      });
    }

    // The till stays ready: the gateway is not one of its readiness checks.
    expect((await fetch(`${h.tillUrl}/health/ready`)).status).toBe(200);

    const reachedBefore = await h.gatewayChargeRequests();
    const refused = await h.pay(tillBody(), { key: randomName('k') });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ status: 'gateway_unavailable', error: 'circuit_open' });
    expect(await h.gatewayChargeRequests()).toBe(reachedBefore);
    expect(
      await h.metric('pos_gateway_breaker_transitions_total', 'to="open"'),
    ).toBeGreaterThanOrEqual(1);

    await h.setFaults({ down: false });
    const approved = await waitUntil(
      async () => {
        const res = await h.pay(tillBody(), { key: randomName('k') });
        return res.status === 201 ? res : undefined;
      },
      { description: 'half-open probe approved' },
    );
    expect(approved.body).toMatchObject({ status: 'approved' });
    expect(await h.metric('pos_gateway_breaker_state')).toBe(0);
    expect(
      await h.metric('pos_gateway_breaker_transitions_total', 'to="half_open"'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      await h.metric('pos_gateway_breaker_transitions_total', 'to="closed"'),
    ).toBeGreaterThanOrEqual(1);
  });
});
