import { ADMIN_TOKEN_HEADER, TEST_CARD_TOKENS } from '@paystream/contracts';

export interface RunningApp {
  name: string;
  url: string;
  /** Where its JSON log lines go. */
  logFile: string;
}

/** The one table `npm start` prints: each app, its docs, metrics and log. */
export function renderAppTable(apps: readonly RunningApp[]): string {
  const rows = apps.map((a) => [a.name, a.url, `${a.url}/docs`, `${a.url}/metrics`, a.logFile]);
  const header = ['app', 'url', 'OpenAPI docs', 'metrics', 'log'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Copy-paste requests: a till payment, a toll exit, the charge it made, and a gateway outage. */
export function renderCurlLines(
  urls: { pos: string; toll: string; gateway: string },
  adminToken: string,
): string {
  const till = JSON.stringify({
    storeId: 'store-1',
    terminalId: 'till-1',
    amount: 1250,
    currency: 'EUR',
    cardToken: TEST_CARD_TOKENS.approve,
  });
  const exit = JSON.stringify({
    plazaId: 'PLZ-B',
    laneId: 'L1',
    plate: 'AB-123',
    vehicleClass: 'car',
    entryPlazaId: 'PLZ-A',
    cardToken: TEST_CARD_TOKENS.approve,
  });
  return [
    '# the till (synchronous): waits for the gateway, answers 201 / 402 / 503 / 504',
    `curl -si -X POST ${urls.pos}/pos/payments -H 'content-type: application/json' -H "idempotency-key: till-$(date +%s%N)" -d '${till}'`,
    '# the toll (asynchronous): 202 at once, barrier open; the charge settles later',
    `curl -si -X POST ${urls.toll}/toll/exits -H 'content-type: application/json' -H "idempotency-key: lane-$(date +%s%N)" -d '${exit}'`,
    '# the charges of that vehicle: PENDING, then SETTLED',
    `curl -s '${urls.toll}/toll/charges?plate=AB-123'`,
    '# take the gateway down ("down":false brings it back): the till says 503, the toll still 202',
    `curl -s -X PUT ${urls.gateway}/admin/faults -H '${ADMIN_TOKEN_HEADER}: ${adminToken}' -H 'content-type: application/json' -d '{"down":true}'`,
  ].join('\n');
}
