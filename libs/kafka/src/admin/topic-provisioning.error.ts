/** Provisioning found topics that do not match their specs; `problems` lists each one. */
export class TopicProvisioningError extends Error {
  constructor(readonly problems: Error[]) {
    super(
      `topic provisioning found ${problems.length} problem(s):\n${problems.map((p) => `  - ${p.message}`).join('\n')}`,
    );
    this.name = 'TopicProvisioningError';
  }
}
