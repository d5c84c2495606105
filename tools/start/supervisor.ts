import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** What `npm start` lets the console change: processes it started itself. */
export interface SupervisedSystem {
  addWorker(): Promise<{ name: string; url: string }>;
  /** Stops the newest worker; null when none is left to stop. */
  stopNewestWorker(): Promise<{ name: string } | null>;
  stopBroker(nodeId: number): Promise<void>;
  startBroker(nodeId: number): Promise<void>;
  brokerIds(): number[];
}

/**
 * A tiny loopback HTTP API over the processes `npm start` started, for the
 * console's worker and broker controls (the console cannot start processes
 * itself, and under docker compose there is no supervisor: the controls hide).
 * Validation is strict; answers are JSON; nothing but loopback can reach it.
 */
export async function startSupervisor(
  system: SupervisedSystem,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => void handle(system, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}

async function handle(
  system: SupervisedSystem,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const refuse = (status: number, message: string) =>
    reply(status, { statusCode: status, error: 'bad_request', message });
  try {
    if (req.method !== 'POST') return refuse(405, 'only POST');
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
      if (chunks.reduce((n, c) => n + c.length, 0) > 1024) return refuse(413, 'body too large');
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      return refuse(400, 'body must be JSON');
    }
    if (req.url === '/workers') {
      if (body.action === 'add') return reply(200, { added: await system.addWorker() });
      if (body.action === 'stop') {
        const stopped = await system.stopNewestWorker();
        return stopped
          ? reply(200, { stopped })
          : refuse(409, 'no worker left to stop (the first one stays)');
      }
      return refuse(400, "action must be 'add' or 'stop'");
    }
    if (req.url === '/brokers') {
      const nodeId = body.nodeId;
      if (typeof nodeId !== 'number' || !system.brokerIds().includes(nodeId)) {
        return refuse(400, `nodeId must be one of ${system.brokerIds().join(', ')}`);
      }
      if (body.action === 'stop') {
        await system.stopBroker(nodeId);
        return reply(200, { stopped: nodeId });
      }
      if (body.action === 'start') {
        await system.startBroker(nodeId);
        return reply(200, { started: nodeId });
      }
      return refuse(400, "action must be 'stop' or 'start'");
    }
    return refuse(404, `no route ${req.url}`);
  } catch (error) {
    reply(500, { statusCode: 500, error: 'supervisor_failed', message: (error as Error).message });
  }
}
