/** The gateway in this build refused a fault setting (its PUT /admin/faults schema does not know it). */
export class FaultNotSupportedError extends Error {
  constructor(
    readonly faults: Record<string, unknown>,
    answer: string,
  ) {
    super(
      `fault not supported by this build: the gateway refused ${JSON.stringify(faults)} (${answer})`,
    );
    this.name = 'FaultNotSupportedError';
  }
}
