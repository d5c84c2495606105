import net from 'node:net';
import { ISocketFactory } from 'kafkajs';

/** Kafka API keys of the requests a transactional send writes. */
export const API_KEYS = { produce: 0, addPartitionsToTxn: 24, endTxn: 26 } as const;

/**
 * A KafkaJS socket factory whose writes can be held back, as if the process
 * froze between deciding to send and the bytes leaving: from the first
 * request whose API key is chosen, every write waits until `release()`.
 */
export class WriteGate {
  private holdFromKeys: ReadonlySet<number> = new Set();
  private holding = false;
  private readonly held: Array<() => void> = [];

  get heldWrites(): number {
    return this.held.length;
  }

  holdFrom(...apiKeys: number[]): void {
    this.holdFromKeys = new Set(apiKeys);
  }

  release(): void {
    this.holdFromKeys = new Set();
    this.holding = false;
    for (const write of this.held.splice(0)) write();
  }

  readonly socketFactory: ISocketFactory = ({ host, port, onConnect }) => {
    const socket = net.connect({ host, port }, onConnect);
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = ((...args: unknown[]) => {
      const chunk = args[0];
      if (!this.holding && Buffer.isBuffer(chunk) && chunk.length >= 6)
        this.holding = this.holdFromKeys.has(chunk.readInt16BE(4));
      if (!this.holding) return write(...args);
      this.held.push(() => write(...args));
      return true;
    }) as typeof socket.write;
    return socket;
  };
}
