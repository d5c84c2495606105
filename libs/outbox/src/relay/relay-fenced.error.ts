/** This relay may no longer publish: its lease lapsed or another relay took over (nothing was sent). */
export class RelayFencedError extends Error {
  constructor(reason: string) {
    super(`outbox relay fenced: ${reason}`);
    this.name = 'RelayFencedError';
  }
}
