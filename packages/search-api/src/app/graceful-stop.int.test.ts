import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeVideo, slideDeck } from '@onscreen/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../http/testing/multipart.js';
import { resolveServeConfig } from './config.js';
import { type OnscreenService, startOnscreenService } from './onscreen-service.js';

/**
 * What SIGTERM runs (`close()`): intake stops at once, an upload already streaming finishes and is
 * answered 201, a leased order goes back to pending, and close() resolves once that is done.
 */
let root: string | undefined;
let service: OnscreenService | undefined;
afterAll(async () => {
  await service?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('graceful stop', () => {
  it('lets a slow upload in flight finish (201) while new connections are refused, returns leased orders, then closes', async () => {
    root = await mkdtemp(join(tmpdir(), 'onscreen-stop-'));
    const video = join(root, 'clip.mp4');
    await makeVideo(slideDeck({ durationS: 20, width: 320, height: 180 }), video);
    const config = resolveServeConfig(
      { port: '0', host: '127.0.0.1', dataDir: join(root, 'data'), samples: false },
      { ONSCREEN_LOG_LEVEL: 'silent' },
      root,
    );
    service = await startOnscreenService(config, { worker: { pollMs: 50 } });
    const { url, demo, store } = service;
    const auth = { authorization: `Bearer ${demo.token}` };
    // an order the worker is busy with when the stop comes
    const form = new FormData();
    form.set('title', 'busy');
    form.set('file', new Blob([await (await import('node:fs/promises')).readFile(video)]), 'clip.mp4');
    const busy = (await (await fetch(`${url}/v1/entries`, { method: 'POST', body: form, headers: auth })).json()) as { id: string };
    const ordered = await fetch(`${url}/v1/orders`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ entryIds: [busy.id] }),
    });
    const orderId = ((await ordered.json()) as { orders: { id: string }[] }).orders[0]?.id ?? '';
    while ((await store.countOrdersByStatus()).processing === 0) await sleep(20);

    // an upload that streams for ~8 s: longer than the 5 s the service used to wait before cutting connections
    const { payload, headers } = await multipartBody({ title: 'slow upload' }, { path: video });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${url}/v1/entries`,
        { method: 'POST', headers: { ...headers, ...auth, 'content-length': String(payload.length) } },
        (res) => {
          let body = '';
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      const pieces = 80;
      const size = Math.ceil(payload.length / pieces);
      let sent = 0;
      const tick = setInterval(() => {
        req.write(payload.subarray(sent * size, (sent + 1) * size));
        sent += 1;
        if (sent === pieces) {
          clearInterval(tick);
          req.end();
        }
      }, 100);
    });
    await sleep(800);
    const stopAt = performance.now();
    const closing = service.close();
    await sleep(200);
    // intake stopped: a new connection is refused
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    const uploaded = await answer;
    expect(uploaded.status, uploaded.body).toBe(201);
    await closing;
    const closedAfterMs = performance.now() - stopAt;
    console.info(`[stop] the upload in flight answered ${uploaded.status}; closed ${Math.round(closedAfterMs)} ms after the stop`);
    expect(closedAfterMs).toBeLessThan(30_000);
    // the order the worker held went back to pending (its attempt not counted)
    const reopened = await (await import('@onscreen/store')).openSqliteStore({ file: join(root, 'data', 'onscreen.sqlite') });
    try {
      const [owner] = (await reopened.listEntries(demo.admin.id)).entries.filter((e) => e.title === 'slow upload');
      expect(owner?.title).toBe('slow upload');
      const order = await reopened.getOrder(orderId, demo.admin.id);
      expect(order).toMatchObject({ status: 'pending', attempt: 0 });
    } finally {
      await reopened.close();
    }
  });
});
