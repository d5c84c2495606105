import { atSteadyRate } from '../../lib/steady-rate';
import { exitRequest } from '../../lib/pipeline/exit-request';

export interface SteadyExits {
  posted: { fired: number; failed: number };
  /** When each accepted exit's request was sent, by charge id. */
  sentAt: Map<string, number>;
  /** Answers by status; a refused connection or reset by its message. */
  statuses: Map<string, number>;
}

/** Posts exits at `rate`/s for `seconds` (open loop), numbering them from `firstIndex`. */
export async function postSteadyExits(
  tollUrl: string,
  rate: number,
  seconds: number,
  firstIndex: number,
): Promise<SteadyExits> {
  const sentAt = new Map<string, number>();
  const statuses = new Map<string, number>();
  const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
  // A refused connection or reset is counted by its message, not hidden: it fails the run.
  const fetchOrRecord = async (url: string, init: RequestInit): Promise<Response> => {
    try {
      return await fetch(url, init);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      count(`error ${cause?.code ?? cause?.message ?? (error as Error).message}`);
      throw error;
    }
  };
  const posted = await atSteadyRate(rate, seconds, async (i) => {
    const started = Date.now();
    const res = await fetchOrRecord(`${tollUrl}/toll/exits`, exitRequest(firstIndex + i));
    count(String(res.status));
    const body = (await res.json()) as { chargeId?: string };
    if (res.status !== 202 || !body.chargeId) throw new Error(`exit answered ${res.status}`);
    sentAt.set(body.chargeId, started);
  });
  return { posted, sentAt, statuses };
}
