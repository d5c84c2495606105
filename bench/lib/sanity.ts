import { BenchSanityError } from './bench-sanity.error';

/** Collects failed checks and throws them together, so one run shows every problem. */
export class SanityChecks {
  private readonly problems: string[] = [];
  readonly passed: string[] = [];

  constructor(private readonly scenario: string) {}

  check(ok: boolean, description: string, detail = ''): void {
    if (ok) this.passed.push(description);
    else this.problems.push(detail ? `${description} (${detail})` : description);
  }

  equal(actual: number, expected: number, description: string): void {
    this.check(actual === expected, description, `expected ${expected}, got ${actual}`);
  }

  throwIfFailed(): void {
    if (this.problems.length > 0) throw new BenchSanityError(this.scenario, this.problems);
  }
}
