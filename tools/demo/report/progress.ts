/**
 * A status line while the demo runs: redrawn in place on a terminal, printed
 * every few seconds otherwise (CI logs), so long phases never look stuck.
 */
export class Progress {
  private lastPrinted = 0;
  private readonly tty = process.stdout.isTTY === true;

  constructor(private readonly nonTtyEveryMs = 5_000) {}

  update(line: string): void {
    if (this.tty) {
      process.stdout.write(`\r\x1b[2K${line.slice(0, (process.stdout.columns ?? 120) - 1)}`);
      return;
    }
    const now = Date.now();
    if (now - this.lastPrinted >= this.nonTtyEveryMs) {
      this.lastPrinted = now;
      process.stdout.write(`${line}\n`);
    }
  }

  /** A permanent line (phase change, event). */
  log(line: string): void {
    if (this.tty) process.stdout.write('\r\x1b[2K');
    process.stdout.write(`${line}\n`);
    this.lastPrinted = 0;
  }
}
