import { createServer, Server, Socket } from 'node:net';
import { createTestDatabase, TestDatabase } from '@paystream/testing';
import { postExit, RunningTollApi, startTollApi, VALID_EXIT } from './support/start-toll-api';

// Real processes and brokers: the project-level testTimeout is not applied to every hook.
jest.setTimeout(180_000);

/** A TCP proxy in front of Postgres that the test can cut: the database "goes away". */
async function startCuttableProxy(target: URL): Promise<{ url: string; cut(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    upstream.connect(Number(target.port || 5432), target.hostname);
    client.pipe(upstream).pipe(client);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const url = new URL(target.toString());
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    cut: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

describe('database unavailable → 503, the only dependency', () => {
  let db: TestDatabase;
  let api: RunningTollApi;
  let proxy: Awaited<ReturnType<typeof startCuttableProxy>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = await startCuttableProxy(new URL(db.url));
    api = await startTollApi({ DATABASE_URL: proxy.url });
  });

  afterAll(async () => {
    await api?.close().catch(() => undefined);
    await proxy?.cut().catch(() => undefined);
    await db?.drop();
  });

  it('accepts exits while the database answers, 503 once it is gone, and reports not ready', async () => {
    expect((await postExit(api.url, VALID_EXIT)).status).toBe(202);
    await proxy.cut();
    const res = await postExit(api.url, VALID_EXIT);
    expect(res.status).toBe(503);
    expect(res.body.error).toBe('database_unavailable');
    expect((await fetch(`${api.url}/toll/charges?plate=AB-123-CD`)).status).toBe(503);
    expect((await fetch(`${api.url}/health/ready`)).status).toBe(503);
  });
});
