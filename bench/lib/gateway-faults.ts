import { ADMIN_TOKEN_HEADER, type GatewayFaults } from '@paystream/contracts';

/** A fixed admin token for the bench's own gateway (never a real secret: the gateway is a simulator on loopback). */
export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0000';

/** Changes the simulator's faults (fixed latency, down) through its admin API. */
export async function setGatewayFaults(
  gatewayUrl: string,
  faults: Partial<GatewayFaults>,
): Promise<void> {
  const res = await fetch(`${gatewayUrl}/admin/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', [ADMIN_TOKEN_HEADER]: BENCH_ADMIN_TOKEN },
    body: JSON.stringify(faults),
  });
  if (!res.ok) throw new Error(`PUT /admin/faults answered ${res.status}: ${await res.text()}`);
}
