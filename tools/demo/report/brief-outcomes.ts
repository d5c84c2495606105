/** Outcome counts for a status line: `(201:12 503:4)` from `{ '201 Created': 12, '503 …': 4 }`. */
export function briefOutcomes(outcomes: Record<string, number>): string {
  return `(${Object.entries(outcomes)
    .map(([k, v]) => `${k.split(' ')[0]}:${v}`)
    .join(' ')})`;
}
