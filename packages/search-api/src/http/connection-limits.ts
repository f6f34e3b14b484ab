import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { HttpLimits } from './deps.js';

/**
 * What keeps slow or greedy clients from holding the service: complete headers within
 * `headersTimeoutMs`, a JSON body within `bodyTimeoutMs`, a whole request (an upload) within
 * `uploadTimeoutMs`, no connection silent for longer than `idleTimeoutMs`, at most
 * `maxConnectionsPerAddress` connections from one client address and `maxConnections` in all (so the
 * process never runs out of file descriptors).
 */
export function connectionOptions(limits: HttpLimits): Pick<
  FastifyServerOptions,
  'connectionTimeout' | 'keepAliveTimeout' | 'requestTimeout'
> & {
  http: { headersTimeout: number; connectionsCheckingInterval: number };
} {
  return {
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: Math.min(5_000, limits.idleTimeoutMs),
    requestTimeout: limits.uploadTimeoutMs,
    // Node checks both timeouts on this interval: it bounds how late a slow client is cut off
    http: {
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
    },
  };
}

/** Refuses (closes at once) a connection over the caps; counts per remote address. */
export function capConnections(server: Server, limits: Pick<HttpLimits, 'maxConnections' | 'maxConnectionsPerAddress'>): void {
  server.maxConnections = limits.maxConnections;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > limits.maxConnectionsPerAddress) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

/**
 * Bodies other than uploads must arrive within `bodyTimeoutMs` of the headers: a client trickling a
 * JSON body is answered 408 and its connection closed. Uploads (multipart) are bounded by the request
 * timeout and the idle timeout instead.
 */
export function addBodyTimeout(app: FastifyInstance, bodyTimeoutMs: number): void {
  app.addHook('preParsing', async (request, reply, payload) => {
    const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
    if (!hasBody || /^multipart\//i.test(request.headers['content-type'] ?? '')) return payload;
    // The body is read through a pass-through that can fail on its own: failing the request stream itself
    // would destroy the socket before the 408 could be sent.
    const body = Object.assign(new PassThrough(), { receivedEncodedLength: 0 });
    payload.on('data', (chunk: Buffer) => {
      body.receivedEncodedLength += chunk.length;
    });
    payload.pipe(body);
    body.on('error', () => {}); // the parser reading `body` reports it; this only keeps a late one from being unhandled
    payload.once('error', (error) => body.destroy(error));
    const timer = setTimeout(() => {
      payload.unpipe(body);
      reply.header('connection', 'close');
      body.destroy(Object.assign(new Error(`The request body did not arrive within ${bodyTimeoutMs} ms.`), { statusCode: 408 }));
    }, bodyTimeoutMs);
    body.once('close', () => clearTimeout(timer));
    body.once('end', () => clearTimeout(timer));
    return body;
  });
}
