import { randomBytes } from 'node:crypto';

/** Fresh, collision-free names for topics, groups, queues and databases in tests. */
export function randomName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
