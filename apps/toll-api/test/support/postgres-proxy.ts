import { createServer, Server, Socket } from 'node:net';

/**
 * A TCP proxy in front of Postgres that reads the client's protocol messages,
 * so a test can cut a connection at an exact moment: `cutAtNextCommit()`
 * forwards the next commit to the server, then drops the client's side before
 * the answer reaches it — the transaction is committed, the app only sees its
 * connection die. A commit is an explicit COMMIT or the exit's intake
 * statement, which writes the outbox row and commits on its own (one
 * statement, no BEGIN/COMMIT: see exit-intake.sql.ts). Every other connection
 * and message passes through.
 */
const COMMITS = /\bCOMMIT\b|\bINSERT\s+INTO\s+"?outbox_events"?/i;
/** ReadyForQuery ('Z', length 5): the server has finished the message, the commit included. */
const READY_FOR_QUERY = Buffer.from([0x5a, 0, 0, 0, 5]);
export class PostgresProxy {
  private readonly sockets = new Set<Socket>();
  private cutArmed = false;
  private cutsDone = 0;
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(target: URL): Promise<PostgresProxy> {
    const holder: { proxy?: PostgresProxy } = {};
    const server = createServer((client) => holder.proxy?.accept(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = new URL(target.toString());
    url.hostname = '127.0.0.1';
    url.port = String((server.address() as { port: number }).port);
    holder.proxy = new PostgresProxy(server, url.toString());
    return holder.proxy;
  }

  /** The next commit any client sends reaches the server; that client's connection is then cut. */
  cutAtNextCommit(): void {
    this.cutArmed = true;
  }

  /** How many connections were cut at a COMMIT. */
  get cuts(): number {
    return this.cutsDone;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }

  private accept(client: Socket, target: URL): void {
    const upstream = new Socket();
    upstream.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => undefined);
    }
    upstream.pipe(client);
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.destroy());

    let pending = Buffer.alloc(0);
    let startup = true;
    let cutting = false;
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      // Forward whole messages only, so a COMMIT can be recognised before it is sent.
      for (;;) {
        const headerLength = startup ? 0 : 1;
        if (pending.length < headerLength + 4) return;
        const length = pending.readInt32BE(headerLength);
        const total = headerLength + length;
        if (pending.length < total) return;
        const message = pending.subarray(0, total);
        pending = pending.subarray(total);
        if (startup) {
          // SSLRequest / GSSENCRequest are followed by another untyped startup message.
          const code = message.readInt32BE(4);
          startup = code === 80877103 || code === 80877104;
          upstream.write(message);
          continue;
        }
        const type = String.fromCharCode(message[0]);
        const isCommit =
          (type === 'Q' || type === 'P') && COMMITS.test(message.subarray(5).toString('utf8'));
        if (isCommit && this.cutArmed && !cutting) {
          this.cutArmed = false;
          cutting = true;
          // From here the server gets everything (Bind/Execute/Sync may follow the Parse) and the
          // client hears nothing; once the server has answered the COMMIT, the client is cut.
          upstream.unpipe(client);
          upstream.on('data', (answer: Buffer) => {
            if (
              !answer.includes('COMMIT\0') &&
              !answer.includes('ROLLBACK\0') &&
              !answer.includes(READY_FOR_QUERY) &&
              answer[0] !== 0x45
            )
              return;
            this.cutsDone += 1;
            client.destroy();
            upstream.end();
          });
          // unpipe() paused the stream; the answer must still be read.
          upstream.resume();
        }
        upstream.write(message);
      }
    });
  }
}
