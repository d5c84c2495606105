import { createKafka } from '@paystream/kafka';
import { waitUntil } from '@paystream/testing';
import { TOPICS } from '@paystream/contracts';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const REPO_ROOT = path.resolve(__dirname, '../..');
/** Debian's chromium (`.ci/run` installs it): playwright's own browser download cannot work here. */
const CHROMIUM = process.env.PAYSTREAM_CHROMIUM ?? '/usr/bin/chromium';
/** Set to a folder (e.g. docs/console) to refresh the README's screenshots. */
const SCREENSHOTS = process.env.PAYSTREAM_SCREENSHOT_DIR;

/** Waits for what the page or the system shows, polling every half second. */
function until<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return waitUntil(probe, { timeoutMs, intervalMs: 500, description: what });
}

async function shoot(page: Page, name: string, selector: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.locator(selector).screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/**
 * The console in a real browser against a real system started by `npm start`:
 * what it draws is what Kafka and the databases say, and its controls do what
 * they claim.
 */
describe('the console', () => {
  let npm: ReturnType<typeof spawn>;
  let output = '';
  let browser: Browser;

  afterAll(async () => {
    await browser?.close();
    try {
      process.kill(-npm.pid!, 'SIGTERM');
      await until(
        () => npm.exitCode !== null || npm.signalCode !== null,
        60_000,
        'npm start to stop',
      );
    } catch {
      process.kill(-npm.pid!, 'SIGKILL');
    }
  });

  it('draws the notebooks Kafka reports, turns the till to 503 and back from the page, shows idle workers and follows a charge', async () => {
    npm = spawn('npm', ['start', '--', '--partitions', '2'], {
      cwd: REPO_ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    npm.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    npm.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await until(
      () => output.includes('Ctrl-C stops everything'),
      300_000,
      `npm start\n${output.slice(-3000)}`,
    );
    const consoleUrl = /The console: (http:\/\/\S+)/.exec(output)![1];
    const token = /admin token (\S+)\)/.exec(output)![1];
    const brokers = /Paystream is up: Kafka (\S+)/.exec(output)![1].split(',');
    const posUrl = /(http:\/\/127\.0\.0\.1:\d+)\/pos\/payments/.exec(output)![1];
    const tollUrl = /(http:\/\/127\.0\.0\.1:\d+)\/toll\/exits/.exec(output)![1];

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(consoleUrl);

    // 1. The notebooks drawn are Kafka's own partitions and leaders.
    const admin = createKafka({ clientId: 'console-test', brokers }).admin();
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata({ topics: [TOPICS.tollCharges] });
    await admin.disconnect();
    const partitions = topics[0].partitions;
    await until(
      async () => (await page.locator('[data-partition]').count()) === partitions.length,
      30_000,
      'notebooks',
    );
    for (const p of partitions) {
      await until(
        async () =>
          (
            await page
              .locator(`[data-partition="${p.partitionId}"] [data-testid="leader"]`)
              .textContent()
          )?.includes(`leader: broker ${p.leader}`),
        15_000,
        `partition ${p.partitionId}'s leader`,
      );
    }

    // 2. Gateway down from the page: the till answers 503, the toll 202 and its charges wait; back up: they drain.
    await page.fill('#token', token);
    await page.dispatchEvent('#token', 'change');
    await page.click('[data-testid="gateway-down"]');
    await until(
      async () =>
        (await page.locator('[data-testid="gateway-state"]').textContent()) === 'gateway DOWN',
      15_000,
      'gateway down',
    );
    const till = await fetch(`${posUrl}/pos/payments`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `console-test-till-${Date.now()}`,
      },
      body: JSON.stringify({
        storeId: 'store-1',
        terminalId: 'till-1',
        amount: 500,
        currency: 'EUR',
        cardToken: 'tok_visa',
      }),
    });
    expect(till.status).toBe(503);
    const plate = `CON-${Date.now() % 100000}`;
    for (let i = 0; i < 4; i++) {
      const exit = await fetch(`${tollUrl}/toll/exits`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `console-test-${plate}-${i}`,
        },
        body: JSON.stringify({
          plazaId: 'PLZ-B',
          laneId: 'L1',
          plate,
          vehicleClass: 'car',
          entryPlazaId: 'PLZ-A',
          cardToken: 'tok_visa',
        }),
      });
      expect(exit.status).toBe(202);
    }
    await until(
      async () => /PENDING [1-9]/.test((await page.locator('#status').textContent()) ?? ''),
      30_000,
      'pending charges shown',
    );
    await shoot(page, 'gateway-down', 'body');
    await page.click('[data-testid="gateway-up"]');
    await until(
      async () => !/PENDING/.test((await page.locator('#status').textContent()) ?? ''),
      120_000,
      'the backlog to drain',
    );

    // 3. More workers than partitions: the extra one is shown idle.
    await page.click('[data-testid="worker-add"]');
    await until(
      async () =>
        /added/.test((await page.locator('[data-testid="control-result"]').textContent()) ?? ''),
      120_000,
      'worker 2',
    );
    await page.click('[data-testid="worker-add"]');
    await until(
      async () =>
        /Stable, 3 member/.test(
          (await page.locator('[data-testid="group-state"]').textContent()) ?? '',
        ) && (await page.locator('[data-idle-member]').count()) === 1,
      120_000,
      'a stable group of three members on two partitions, one idle',
    );
    await shoot(page, 'notebooks', '#notebooks');

    // 4. Follow one charge: every system that touched it.
    await page.fill('[data-testid="follow-q"]', plate);
    await page.click('#follow-form button');
    await until(
      async () => (await page.locator('[data-timeline="toll"]').count()) === 4,
      30_000,
      'four timelines',
    );
    const steps = await page
      .locator('[data-timeline="toll"]')
      .first()
      .locator('[data-where]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-where')));
    for (const where of [
      'toll-api',
      'outbox',
      'kafka',
      'charge-worker',
      'gateway',
      'db-sink',
      'ledger',
    ])
      expect(steps).toContain(where);
    await expect(page.locator('[data-timeline="toll"]').first().textContent()).resolves.toContain(
      'SETTLED',
    );
    await shoot(page, 'follow', '#follow');
    await shoot(page, 'over-time', '#over-time');
    await shoot(page, 'controls', '#controls');

    // 5. Dead letters: a record no worker can read is listed with the reason the worker gave.
    const producer = createKafka({ clientId: 'console-test-poison', brokers }).producer();
    await producer.connect();
    await producer.send({
      topic: TOPICS.tollCharges,
      messages: [{ key: 'POISON-1', value: 'not json at all' }],
    });
    await producer.disconnect();
    await until(
      async () => {
        await page.click('#dlq-refresh');
        await page.waitForTimeout(1_000);
        const text = (await page.locator('[data-testid="dead-letters"]').textContent()) ?? '';
        return text.includes('POISON-1') && /json|JSON|parse/.test(text);
      },
      120_000,
      'the poison record on the dead-letter view with its reason',
    );
    await shoot(page, 'dead-letters', '#dead-letters');

    expect(pageErrors).toEqual([]);
  });
});
