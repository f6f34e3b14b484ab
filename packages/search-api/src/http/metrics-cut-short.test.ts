import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestService, type TestService } from './testing/test-service.js';
import { signWorkerMediaUrl } from './worker-media-url.js';

/**
 * /metrics counts every request once, however it ends: answered whole, cut short by the client in the
 * middle of a file (as a remote worker's ffmpeg does with a range request), or left by the client before
 * the handler answered. A real listening socket: inject() has no connection to cut.
 */
const WORKER_TOKEN = 'w'.repeat(43);
let service: TestService;
let port: number;
let mediaPath: string;

beforeAll(async () => {
  service = await openTestService({ workerToken: WORKER_TOKEN });
  await service.app.listen({ port: 0, host: '127.0.0.1' });
  port = (service.app.server.address() as { port: number }).port;
  const file = join(service.dataDir, 'big.mp4');
  // far more than the socket buffers hold, so the answer cannot be written before the client leaves
  await writeFile(file, randomBytes(32 * 1024 * 1024));
  const entry = await service.store.createEntry({ ownerId: service.alice.user.id, title: 'big', filePath: file });
  const url = signWorkerMediaUrl(`http://127.0.0.1:${port}`, WORKER_TOKEN, entry.id);
  mediaPath = `${url.pathname}${url.search}`;
});
afterAll(() => service?.close());

const mediaReads = async () => {
  const text = (await service.call(null, 'GET', '/metrics')).body;
  return [...text.matchAll(/onscreen_http_requests_total\{[^}]*route="\/v1\/worker\/media\/:id"[^}]*\} (\d+)/g)].reduce(
    (n, [, count]) => n + Number(count),
    0,
  );
};

/** Sends a GET and closes the connection once `leaveAfterBytes` bytes came back (0: at once). */
function readAndLeave(path: string, leaveAfterBytes: number, range?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = 0;
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.once('connect', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n${range ? `range: ${range}\r\n` : ''}\r\n`);
      if (leaveAfterBytes === 0) socket.destroy();
    });
    socket.on('data', (chunk) => {
      received += chunk.length;
      if (received >= leaveAfterBytes) socket.destroy();
    });
  });
}

async function countSettles(before: number, expected: number): Promise<number> {
  const started = Date.now();
  let now = await mediaReads();
  while (now < before + expected && Date.now() - started < 3_000) {
    await new Promise((r) => setTimeout(r, 50));
    now = await mediaReads();
  }
  // and no request is counted twice
  await new Promise((r) => setTimeout(r, 200));
  return (await mediaReads()) - before;
}

describe('/metrics and requests the client cut short', () => {
  it('counts a file read the client closed in the middle, once', async () => {
    const before = await mediaReads();
    expect(await readAndLeave(mediaPath, 64 * 1024, 'bytes=0-')).toBeGreaterThanOrEqual(64 * 1024);
    expect(await countSettles(before, 1)).toBe(1);
  });

  it('counts a request the client left before any answer, once', async () => {
    const before = await mediaReads();
    for (let i = 0; i < 5; i += 1) await readAndLeave(mediaPath, 0);
    expect(await countSettles(before, 5)).toBe(5);
  });

  it('counts a whole read once', async () => {
    const before = await mediaReads();
    // the server closes the connection after the answer (connection: close): all of it came
    expect(await readAndLeave(mediaPath, Number.POSITIVE_INFINITY, 'bytes=0-1023')).toBeGreaterThan(1024);
    expect(await countSettles(before, 1)).toBe(1);
  });
});
