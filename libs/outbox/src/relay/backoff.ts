/** Exponential backoff: min·2^(failures-1), capped at max. `failures` counts from 1. */
export function backoffDelay(failures: number, minMs: number, maxMs: number): number {
  if (failures <= 0) return 0;
  const exponent = Math.min(failures - 1, 30);
  return Math.min(maxMs, minMs * 2 ** exponent);
}
