/**
 * A measured figure would be misleading (records missing, errors hidden in a
 * throughput number): the scenario fails loudly instead of reporting it.
 */
export class BenchSanityError extends Error {
  constructor(
    readonly scenario: string,
    readonly problems: readonly string[],
  ) {
    super(`${scenario}: sanity check failed:\n  - ${problems.join('\n  - ')}`);
    this.name = 'BenchSanityError';
  }
}
