import { TEST_CARD_TOKENS } from '@paystream/contracts';
import { PhaseStats } from '../stats/phase-stats';

/** Card mix at the till: mostly good cards, some declines, like a real shop. */
const TILL_CARDS = [
  ...Array<string>(17).fill(TEST_CARD_TOKENS.approve),
  TEST_CARD_TOKENS.approveMastercard,
  TEST_CARD_TOKENS.insufficientFunds,
  TEST_CARD_TOKENS.cardDeclined,
];

const LABELS: Record<number, string> = {
  201: '201 approved',
  402: '402 declined',
  503: '503 gateway unavailable',
  504: '504 timed out',
};

/** One till payment; records outcome and latency into the current phase. */
export async function payAtTill(
  posUrl: string,
  runId: string,
  n: number,
  stats: () => PhaseStats,
  requestTimeoutMs: number,
  /** 'queue': the hybrid mode (`?via=queue`), same deadline over BullMQ. */
  via: 'sync' | 'queue' = 'sync',
  /** Told the idempotency key of each payment the till saw approved (201), so an audit can look for it. */
  onApproved?: (idempotencyKey: string) => void,
): Promise<void> {
  const key = `demo-${runId}-till-${n}`;
  const started = performance.now();
  const phase = stats();
  try {
    const res = await fetch(`${posUrl}/pos/payments${via === 'queue' ? '?via=queue' : ''}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({
        storeId: `store-${1 + (n % 3)}`,
        terminalId: `till-${1 + (n % 8)}`,
        amount: 199 + ((n * 137) % 9_800),
        currency: 'EUR',
        cardToken: TILL_CARDS[n % TILL_CARDS.length],
      }),
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    await res.arrayBuffer();
    const ms = performance.now() - started;
    phase.till.latency.record(ms);
    phase.till.outcomes.add(LABELS[res.status] ?? `${res.status} unexpected`);
    if (res.status === 503) phase.tillUnavailableLatency.record(ms);
    if (res.status === 201) onApproved?.(key);
  } catch (error) {
    phase.till.outcomes.add(`client error: ${(error as Error).name}`);
  }
}
