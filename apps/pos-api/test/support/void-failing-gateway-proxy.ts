import { freePort } from '@paystream/testing';
import http from 'node:http';

/**
 * An HTTP proxy in front of the gateway that, while `failVoids` is set,
 * answers every void with 502 without forwarding it (a void that fails while
 * lookups still work). Everything else is forwarded as is.
 */
export class VoidFailingGatewayProxy {
  failVoids = false;
  voidsRefused = 0;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(gatewayUrl: string): Promise<VoidFailingGatewayProxy> {
    const target = new URL(gatewayUrl);
    const port = await freePort();
    const ref: { proxy?: VoidFailingGatewayProxy } = {};
    const server = http.createServer((req, res) => {
      const proxy = ref.proxy;
      if (proxy?.failVoids && req.method === 'POST' && /\/void$/.test(req.url ?? '')) {
        proxy.voidsRefused++;
        res
          .writeHead(502, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: 'proxy_refused_void' }));
        return;
      }
      const upstream = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    ref.proxy = new VoidFailingGatewayProxy(server, `http://127.0.0.1:${port}`);
    return ref.proxy;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
