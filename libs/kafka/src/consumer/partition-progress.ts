/**
 * Which offset of one partition may be committed while records finish out of
 * order (different keys run concurrently). The committed offset is the next
 * one to read, so it is the lowest offset still unfinished — or one past the
 * highest started offset when everything started has finished. A record that
 * never finishes (worker stopping, handler failed) holds the commit back, so
 * it is redelivered.
 */
export class PartitionProgress {
  private readonly unfinished = new Set<bigint>();
  private highestStarted: bigint | undefined;

  start(offset: string): void {
    const value = BigInt(offset);
    if (this.highestStarted !== undefined && value <= this.highestStarted) {
      throw new RangeError(`offset ${offset} started out of order (after ${this.highestStarted})`);
    }
    this.highestStarted = value;
    this.unfinished.add(value);
  }

  finish(offset: string): void {
    this.unfinished.delete(BigInt(offset));
  }

  get inFlight(): number {
    return this.unfinished.size;
  }

  /** Offset to commit (next to read), or undefined when nothing started yet. */
  committable(): string | undefined {
    if (this.highestStarted === undefined) return undefined;
    let lowest = this.highestStarted + 1n;
    for (const offset of this.unfinished) if (offset < lowest) lowest = offset;
    return lowest.toString();
  }
}
