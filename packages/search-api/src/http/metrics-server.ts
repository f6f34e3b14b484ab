import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { HttpMetrics } from './metrics.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether an Authorization header is `Bearer <token>`, compared in constant time. */
export function isMetricsToken(authorization: string | undefined, token: string): boolean {
  const sent = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  return sent !== undefined && timingSafeEqual(digest(sent), digest(token));
}

export interface MetricsServer {
  /** e.g. `http://127.0.0.1:9464/metrics` */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `/metrics` on an address of its own (e.g. one only the monitoring network reaches), answering nothing
 * else; with `token`, only to `Authorization: Bearer <token>`.
 */
export async function startMetricsServer(
  metrics: HttpMetrics,
  options: { host: string; port: number; token?: string | undefined },
): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      response.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
      response.end(body);
    };
    if (request.method !== 'GET' || (request.url ?? '').split('?', 1)[0] !== '/metrics') return send(404, 'Not found\n');
    if (options.token !== undefined && !isMetricsToken(request.headers.authorization, options.token)) {
      return send(401, 'Send "Authorization: Bearer <the metrics token>".\n');
    }
    metrics.registry.metrics().then(
      (text) => send(200, text, metrics.registry.contentType),
      () => send(500, 'Metrics unavailable\n'),
    );
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}/metrics`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
