/**
 * Runs tasks with at most `concurrency` running at once while tasks that share
 * a key run strictly one after another in submission order. This is what lets
 * one partition work on several vehicles at a time without ever reordering
 * one vehicle's charges.
 */
export class KeyedScheduler {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError('concurrency must be >= 1');
  }

  /** Queues `task` behind earlier tasks of the same key; resolves/rejects with it. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(() => this.withSlot(task));
    // The chain continues after a failure: one failed record must not wedge its key.
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  private async withSlot<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // Hand the slot over directly so the running count never dips and over-admits.
      if (next) next();
      else this.running -= 1;
    }
  }
}
