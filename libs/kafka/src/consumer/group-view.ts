import { Admin, AssignerProtocol } from 'kafkajs';

export interface GroupPartitionView {
  partition: number;
  /** memberId holding it, or null when no member does (group empty or rebalancing). */
  memberId: string | null;
  /** Next offset the group will read (committed), null when nothing was committed yet. */
  committedOffset: string | null;
  highWatermark: string;
  /** Records written but not yet committed by the group. */
  lag: string;
}

export interface GroupMemberView {
  memberId: string;
  clientId: string;
  host: string;
  partitions: number[];
  /** A member with no partition: the group has more members than the topic has partitions. */
  idle: boolean;
}

export interface GroupView {
  groupId: string;
  topic: string;
  state: string;
  members: GroupMemberView[];
  partitions: GroupPartitionView[];
  idleMembers: string[];
  totalLag: string;
}

/**
 * What the consumer group looks like right now: who holds which partition,
 * how far behind each partition is, and which members sit idle. Read from the
 * broker (the group coordinator and the committed offsets), not from any one
 * member's memory.
 */
export async function describeGroupView(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<GroupView> {
  const [{ groups }, committed, watermarks] = await Promise.all([
    admin.describeGroups([groupId]),
    admin.fetchOffsets({ groupId, topics: [topic] }),
    admin.fetchTopicOffsets(topic),
  ]);
  const group = groups[0];
  const owner = new Map<number, string>();
  const members: GroupMemberView[] = (group?.members ?? []).map((member) => {
    const assignment =
      member.memberAssignment.length > 0
        ? AssignerProtocol.MemberAssignment.decode(member.memberAssignment)
        : null;
    const partitions = [...(assignment?.assignment[topic] ?? [])].sort((a, b) => a - b);
    for (const p of partitions) owner.set(p, member.memberId);
    return {
      memberId: member.memberId,
      clientId: member.clientId,
      host: member.clientHost,
      partitions,
      idle: partitions.length === 0,
    };
  });
  members.sort((a, b) => a.memberId.localeCompare(b.memberId));
  const committedByPartition = new Map(
    (committed.find((t) => t.topic === topic)?.partitions ?? []).map((p) => [
      p.partition,
      p.offset,
    ]),
  );
  let totalLag = 0n;
  const partitions: GroupPartitionView[] = watermarks
    .map((w) => {
      const offset = committedByPartition.get(w.partition);
      const hasCommit = offset !== undefined && offset !== '-1';
      // Without a commit the group (fromBeginning) starts at the low watermark.
      const lag = BigInt(w.high) - BigInt(hasCommit ? offset : w.low);
      totalLag += lag > 0n ? lag : 0n;
      return {
        partition: w.partition,
        memberId: owner.get(w.partition) ?? null,
        committedOffset: hasCommit ? offset : null,
        highWatermark: w.high,
        lag: (lag > 0n ? lag : 0n).toString(),
      };
    })
    .sort((a, b) => a.partition - b.partition);
  return {
    groupId,
    topic,
    state: group?.state ?? 'Unknown',
    members,
    partitions,
    idleMembers: members.filter((m) => m.idle).map((m) => m.memberId),
    totalLag: totalLag.toString(),
  };
}

/** Plain-text table of a GroupView (the CLI and logs). */
export function formatGroupView(view: GroupView): string {
  const lines = [
    `group ${view.groupId} on ${view.topic} — state ${view.state}, ${view.members.length} member(s), total lag ${view.totalLag}`,
    '',
  ];
  lines.push(pad(['member', 'client', 'host', 'partitions', 'idle']));
  for (const m of view.members)
    lines.push(
      pad([m.memberId, m.clientId, m.host, m.partitions.join(',') || '-', m.idle ? 'IDLE' : '']),
    );
  lines.push('', pad(['partition', 'member', 'committed', 'high watermark', 'lag']));
  for (const p of view.partitions) {
    lines.push(
      pad([
        String(p.partition),
        p.memberId ?? '-',
        p.committedOffset ?? '-',
        p.highWatermark,
        p.lag,
      ]),
    );
  }
  lines.push(
    '',
    view.idleMembers.length > 0
      ? `idle members (${view.idleMembers.length}): ${view.idleMembers.join(', ')}`
      : 'idle members: none',
  );
  return lines.join('\n');
}

function pad(cells: string[]): string {
  const widths = [52, 24, 18, 16, 8];
  return cells.map((c, i) => c.padEnd(widths[i] ?? 12)).join(' ');
}
