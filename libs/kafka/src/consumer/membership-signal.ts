/**
 * What a failed heartbeat says about this member's place in the group.
 * - `rebalancing`: the group is rebalancing (a member joined or left). The
 *   member still owns its partitions until it rejoins (eager protocol), so it
 *   may still commit what it finished — and must rejoin promptly, or the whole
 *   group waits for it.
 * - `lost`: the coordinator no longer knows this member or its generation;
 *   its partitions may already be someone else's, so it must not commit.
 * - undefined: any other error (a network blip): keep working, heartbeat again.
 */
export type MembershipSignal = 'rebalancing' | 'lost';

const REBALANCING = new Set([
  'REBALANCE_IN_PROGRESS',
  'NOT_COORDINATOR_FOR_GROUP',
  'NOT_COORDINATOR',
]);
const LOST = new Set(['ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'FENCED_INSTANCE_ID']);

export function membershipSignal(error: unknown): MembershipSignal | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  if (typeof type !== 'string') return undefined;
  if (REBALANCING.has(type)) return 'rebalancing';
  if (LOST.has(type)) return 'lost';
  return undefined;
}
