import type { Kafka } from 'kafkajs';
import { waitUntil } from '@paystream/testing';

/** Waits until the group is Stable with exactly `members` members (a rebalance measured would be noise). */
export async function waitForStableGroup(
  kafka: Kafka,
  groupId: string,
  members: number,
  timeoutMs: number,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitUntil(
      async () => {
        const { groups } = await admin.describeGroups([groupId]);
        return groups[0]?.state === 'Stable' && groups[0].members.length === members;
      },
      {
        timeoutMs,
        intervalMs: 250,
        description: `group ${groupId} stable with ${members} member(s)`,
      },
    );
  } finally {
    await admin.disconnect();
  }
}
