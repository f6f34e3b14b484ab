import { readdir } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaDir } from './media-files.js';
import { openTestService, type TestService } from './testing/test-service.js';

/**
 * Slow and lying clients against a real listening socket: sizes are enforced on the bytes actually
 * streamed (a Content-Length over the limit is refused before the body), headers and bodies have
 * timeouts, idle connections are closed, and each client address has a capped number of connections.
 */
const LIMITS = {
  uploadBytes: 256 * 1024,
  bodyBytes: 64 * 1024,
  headersTimeoutMs: 600,
  bodyTimeoutMs: 600,
  idleTimeoutMs: 800,
  maxConnectionsPerAddress: 8,
  requestsPerMinute: 100_000,
};
/** Node checks header and request timeouts on an interval; answers may come this much after the limit. */
const SLACK_MS = 1_500;
let service: TestService;
let port: number;
const opened: Socket[] = [];

beforeAll(async () => {
  service = await openTestService({ limits: LIMITS });
  await service.app.listen({ port: 0, host: '127.0.0.1' });
  port = (service.app.server.address() as { port: number }).port;
});
afterAll(async () => {
  for (const socket of opened) socket.destroy();
  await service?.close();
});

interface RawClient {
  socket: Socket;
  /** Everything received so far. */
  received(): string;
  /** Resolves with the ms from `since` when the server closes the connection. */
  closed: Promise<number>;
}

async function rawClient(localAddress = '127.0.0.1'): Promise<RawClient> {
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  opened.push(socket);
  let text = '';
  socket.on('data', (chunk) => {
    text += chunk.toString('latin1');
  });
  socket.on('error', () => {});
  const started = Date.now();
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - started)));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, received: () => text, closed };
}

const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
const auth = () => `Authorization: Bearer ${service.alice.token}\r\n`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('bodies are measured as they stream', () => {
  it('an upload whose Content-Length is over the limit is refused (413) before any of its body is read', async () => {
    const client = await rawClient();
    client.socket.write(
      `POST /v1/entries HTTP/1.1\r\nHost: x\r\n${auth()}Content-Type: multipart/form-data; boundary=b\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`,
    );
    await expect.poll(() => statusOf(client.received()), { timeout: 1_000 }).toBe(413);
    expect(client.received()).toContain('application/problem+json');
  });

  it('a chunked upload (no Content-Length) is cut at the limit: 413, nothing stored', async () => {
    const client = await rawClient();
    const head = `--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nt\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="v.mp4"\r\n\r\n`;
    client.socket.write(
      `POST /v1/entries HTTP/1.1\r\nHost: x\r\n${auth()}Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    const chunk = (data: string | Buffer) => client.socket.write(`${Buffer.byteLength(data).toString(16)}\r\n${data}\r\n`);
    chunk(head);
    for (let sent = 0; sent < LIMITS.uploadBytes * 2 && statusOf(client.received()) === 0; sent += 16 * 1024) {
      chunk(Buffer.alloc(16 * 1024, 0x61).toString('latin1'));
      await sleep(1);
    }
    await expect.poll(() => statusOf(client.received()), { timeout: 2_000 }).toBe(413);
    expect((await readdir(mediaDir(service.dataDir)).catch(() => [])).filter((f) => !f.startsWith('.'))).toEqual([]);
  });

  it('a chunked JSON body over the limit is refused (413)', async () => {
    const client = await rawClient();
    client.socket.write(
      `POST /v1/tokens HTTP/1.1\r\nHost: x\r\n${auth()}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    const filler = `{"ttlSeconds":3600,"x":"${'a'.repeat(LIMITS.bodyBytes * 2)}"}`;
    client.socket.write(`${Buffer.byteLength(filler).toString(16)}\r\n${filler}\r\n0\r\n\r\n`);
    await expect.poll(() => statusOf(client.received()), { timeout: 2_000 }).toBe(413);
  });
});

describe('slow clients are cut off', () => {
  it('headers that never finish (slowloris) are closed after the headers timeout', async () => {
    const client = await rawClient();
    client.socket.write(`GET /v1/me HTTP/1.1\r\nHost: x\r\n`);
    const trickle = setInterval(() => client.socket.write('X-Slow: 1\r\n'), 100);
    try {
      const closedAfterMs = await client.closed;
      expect(closedAfterMs).toBeGreaterThanOrEqual(LIMITS.headersTimeoutMs - 50);
      expect(closedAfterMs).toBeLessThan(LIMITS.headersTimeoutMs + SLACK_MS);
    } finally {
      clearInterval(trickle);
    }
  });

  it('a JSON body that trickles in slower than the body timeout is answered 408 and closed', async () => {
    const client = await rawClient();
    client.socket.write(`POST /v1/tokens HTTP/1.1\r\nHost: x\r\n${auth()}Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
    const trickle = setInterval(() => client.socket.write(' '), 100);
    try {
      const closedAfterMs = await client.closed;
      expect(closedAfterMs).toBeLessThan(LIMITS.bodyTimeoutMs + SLACK_MS);
      expect(statusOf(client.received())).toBe(408);
    } finally {
      clearInterval(trickle);
    }
  });

  it('an upload that stops sending is closed after the idle timeout, and its partial file is removed', async () => {
    const client = await rawClient();
    const head = `--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nt\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="v.mp4"\r\n\r\n`;
    client.socket.write(
      `POST /v1/entries HTTP/1.1\r\nHost: x\r\n${auth()}Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 200000\r\n\r\n${head}${'a'.repeat(10_000)}`,
    );
    const closedAfterMs = await client.closed;
    expect(closedAfterMs).toBeLessThan(LIMITS.idleTimeoutMs + SLACK_MS);
    await expect.poll(async () => (await readdir(mediaDir(service.dataDir)).catch(() => [])).length, { timeout: 2_000 }).toBe(0);
  });

  it('caps the connections of one address; another address still gets in, and the service answers', async () => {
    const clients: RawClient[] = [];
    for (let i = 0; i < LIMITS.maxConnectionsPerAddress + 4; i += 1) clients.push(await rawClient('127.0.0.2'));
    await sleep(200);
    const refused = clients.filter((c) => c.socket.destroyed || c.socket.readyState !== 'open');
    expect(refused).toHaveLength(4);
    const other = await rawClient('127.0.0.3');
    other.socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n`);
    await expect.poll(() => statusOf(other.received()), { timeout: 1_000 }).toBe(200);
    for (const c of clients) c.socket.destroy();
    await sleep(100);
    // slots come back when connections close
    const again = await rawClient('127.0.0.2');
    again.socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n`);
    await expect.poll(() => statusOf(again.received()), { timeout: 1_000 }).toBe(200);
  });
});
