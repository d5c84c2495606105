/** Raised at start-up when environment variables do not match an app's schema. */
export class InvalidConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: ReadonlyArray<{ variable: string; reason: string }>,
  ) {
    super(
      `${service}: invalid configuration\n` +
        problems.map((p) => `  - ${p.variable}: ${p.reason}`).join('\n'),
    );
    this.name = 'InvalidConfigError';
  }
}
