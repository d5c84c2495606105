import { freePort } from '@paystream/testing';
import net from 'node:net';

/**
 * A TCP proxy in front of a server (here the shared Redis, which must never
 * be stopped): `cut('refuse')` drops every connection and refuses new ones,
 * `cut('silent')` accepts connections but never answers (a hung server);
 * `restore()` forwards again. `close()` leaves nothing behind.
 */
export class TcpProxy {
  private server?: net.Server;
  private mode: 'forward' | 'silent' = 'forward';
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(await freePort(), target);
    await proxy.listen();
    return proxy;
  }

  async cut(how: 'refuse' | 'silent'): Promise<void> {
    this.dropAll();
    if (how === 'silent') {
      this.mode = 'silent';
      return;
    }
    await this.stopListening();
  }

  async restore(): Promise<void> {
    this.mode = 'forward';
    this.dropAll();
    if (!this.server) await this.listen();
  }

  async close(): Promise<void> {
    this.dropAll();
    await this.stopListening();
  }

  private listen(): Promise<void> {
    const server = net.createServer((client) => {
      this.track(client);
      if (this.mode === 'silent') return;
      const upstream = net.connect(this.target.port, this.target.host);
      this.track(upstream);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  private stopListening(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
