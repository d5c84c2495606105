import { TEST_CARD_TOKENS } from '@paystream/contracts';
import { PhaseStats } from '../stats/phase-stats';

export interface Route {
  vehicleClass: string;
  entryPlazaId: string | null;
  exitPlazaId: string;
}

/** Cards at the toll: mostly good, a few declines so the DECLINED path is exercised. */
const TOLL_CARDS = [
  ...Array<string>(18).fill(TEST_CARD_TOKENS.approve),
  TEST_CARD_TOKENS.approveMastercard,
  TEST_CARD_TOKENS.expiredCard,
];

/** A small fleet, so several exits share a plate (one Kafka key, one partition, in order). */
const FLEET_SIZE = 60;

/** One vehicle leaving the motorway; records the lane's view (202 and how fast). */
export async function exitAtToll(
  tollUrl: string,
  runId: string,
  n: number,
  routes: readonly Route[],
  stats: () => PhaseStats,
  requestTimeoutMs: number,
  /** Told the idempotency key of each exit the lane saw accepted (202), so an audit can look for it. */
  onAccepted?: (idempotencyKey: string) => void,
): Promise<void> {
  const key = `demo-${runId}-exit-${n}`;
  const route = routes[n % routes.length];
  const started = performance.now();
  const phase = stats();
  try {
    const res = await fetch(`${tollUrl}/toll/exits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({
        plazaId: route.exitPlazaId,
        laneId: `lane-${1 + (n % 4)}`,
        plate: `DEMO-${(n * 7919) % FLEET_SIZE}`,
        vehicleClass: route.vehicleClass,
        cardToken: TOLL_CARDS[n % TOLL_CARDS.length],
        ...(route.entryPlazaId ? { entryPlazaId: route.entryPlazaId } : {}),
      }),
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    const body = (await res.json().catch(() => ({}))) as { barrier?: string };
    phase.toll.latency.record(performance.now() - started);
    const accepted = res.status === 202 && body.barrier === 'OPEN';
    phase.toll.outcomes.add(accepted ? '202 barrier open' : `${res.status} unexpected`);
    if (accepted) onAccepted?.(key);
  } catch (error) {
    phase.toll.outcomes.add(`client error: ${(error as Error).name}`);
  }
}
