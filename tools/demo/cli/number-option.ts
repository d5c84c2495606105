/**
 * A numeric command-line option: `fallback` when absent, otherwise a number
 * of at least `min` — a whole number when `whole` (counts), any finite number
 * otherwise (rates such as 0.5/s).
 */
export function numberOption(
  name: string,
  raw: string | undefined,
  fallback: number,
  { min = 1, whole = false }: { min?: number; whole?: boolean } = {},
): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  const ok = whole ? Number.isInteger(n) : Number.isFinite(n);
  if (!ok || n < min)
    throw new Error(
      `--${name} must be a ${whole ? 'whole number' : 'number'} >= ${min} (got "${raw}")`,
    );
  return n;
}

/** --brokers: one broker for development, three for replication (RF 3, min ISR 2). */
export function brokersOption(
  raw: string | undefined,
  fallback: 1 | 3,
  { whole = false }: { whole?: boolean } = {},
): 1 | 3 {
  const brokers = numberOption('brokers', raw, fallback, { whole });
  if (brokers !== 1 && brokers !== 3) throw new Error('--brokers must be 1 or 3');
  return brokers;
}
