import { randomBytes } from 'node:crypto';

/** A run's id: when it started (UTC, to the second) and a short random tail, e.g. 20261130T053412-3fa2. */
export function newRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}
