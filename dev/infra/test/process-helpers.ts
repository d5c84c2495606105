/** Alive and not a zombie (PID 1 here may never reap orphans): one definition, in dev/testing. */
export { isProcessAlive as isAlive } from '@paystream/testing';

export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return condition();
}
