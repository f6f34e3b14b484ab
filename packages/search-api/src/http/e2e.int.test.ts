import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Messages, type Order } from '@onscreen/core';
import type { z } from 'zod';
import { FORMAT_CLIP_LINES, type GroundTruth, makeFormatClip, makeVideo, slideDeck } from '@onscreen/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resolveServeConfig } from '../app/config.js';
import { type OnscreenService, startOnscreenService } from '../app/onscreen-service.js';
import type { EntryView, SearchViewSchema } from './schemas.js';

/** The whole service on a real port: upload a generated video → order → worker → search finds its text at the right moment. */
let dataDir: string;
let service: OnscreenService;
let truth: GroundTruth;
const video = () => join(dataDir, 'deck.mp4');
const indexUid = `e2e_${process.pid}_${Date.now()}`;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'onscreen-e2e-'));
  truth = await makeVideo(slideDeck({ durationS: 6, slideS: 3, seed: 7 }), video());
  const env = {
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliMasterKey'),
    ONSCREEN_MEILI_INDEX: indexUid,
    ONSCREEN_LOG_LEVEL: 'silent',
  };
  const config = resolveServeConfig({ port: '0', host: '127.0.0.1', dataDir, samples: false }, env, dataDir);
  service = await startOnscreenService(config, { worker: { pollMs: 50 } });
});
afterAll(async () => {
  await service?.close();
  await service?.engine.meili.client
    .deleteIndex(indexUid)
    .waitTask()
    .catch(() => {});
  await rm(dataDir, { recursive: true, force: true });
});

async function api(path: string, init: RequestInit = {}) {
  const headers = { authorization: `Bearer ${service.demo.token}`, ...(init.headers as Record<string, string>) };
  return fetch(`${service.url}${path}`, { ...init, headers });
}

describe('onscreen over a real port', () => {
  it('listens on the port it was given (0: any free one) and is ready', async () => {
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(service.port).toBeGreaterThan(0);
    expect(await (await fetch(`${service.url}/readyz`)).json()).toEqual({ status: 'ok', store: 'ok', search: 'ok' });
  });

  it('uploads, orders, OCRs and finds the text at the right moment (±1 s)', async () => {
    const form = new FormData();
    form.set('title', 'Generated deck');
    form.set('file', new Blob([await readFile(video())], { type: 'video/mp4' }), 'deck.mp4');
    const uploaded = await api('/v1/entries', { method: 'POST', body: form });
    expect(uploaded.status).toBe(201);
    const entry = (await uploaded.json()) as EntryView;

    const t0 = performance.now();
    const ordered = await api('/v1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entryIds: [entry.id] }),
    });
    expect(ordered.status).toBe(201);
    const { orders, message } = (await ordered.json()) as { orders: Order[]; message: string };
    expect(message).toBe(Messages.ORDER_RECEIVED);
    let order = orders[0] as Order;
    while (order.status === 'pending' || order.status === 'processing') {
      expect(performance.now() - t0).toBeLessThan(120_000);
      await new Promise((r) => setTimeout(r, 200));
      order = (await (await api(`/v1/orders/${order.id}`)).json()) as Order;
    }
    expect(order.status, JSON.stringify(order)).toBe('ready');
    expect(order.segmentCount).toBeGreaterThan(0);
    console.info(`e2e: 6 s video OCRed and indexed in ${((performance.now() - t0) / 1000).toFixed(1)} s (order created → ready)`);

    const line = truth.lines.find((l) => l.startMs >= 2500 && !/confidential/i.test(l.text));
    expect(line).toBeDefined();
    const found = (await (await api(`/v1/search?${new URLSearchParams({ q: line?.text ?? '' })}`)).json()) as z.infer<
      typeof SearchViewSchema
    >;
    const hit = found.entries.find((e) => e.entryId === entry.id);
    expect(hit, JSON.stringify(found)).toBeDefined();
    const moment = hit?.moments[0];
    if (!moment) throw new Error('no moment');
    expect(moment.highlighted).toContain('<mark>');
    expect(Math.abs(moment.startMs - (line?.startMs ?? 0))).toBeLessThanOrEqual(1000);
    expect(Math.abs(moment.endMs - (line?.endMs ?? 0))).toBeLessThanOrEqual(1000);

    const thumbnail = await api(moment.thumbnailUrl);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/jpeg');
    const listed = (await (await api('/v1/entries')).json()) as { entries: EntryView[] };
    expect(listed.entries[0]).toMatchObject({ id: entry.id, latestOrder: { status: 'ready' } });
    expect(listed.entries[0]?.labelsPreview).not.toBe('');
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(Number(/^onscreen_ocr_frames_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect(metrics).toMatch(/^onscreen_orders\{status="ready"\} 1$/m);
  });

  it('an animated WebP (which ffmpeg cannot decode): stored and served as WebP, read, found, its frame shown', async () => {
    const file = join(dataDir, 'clip.webp');
    await makeFormatClip('webp-animated', file);
    const form = new FormData();
    form.set('title', 'Animated WebP');
    form.set('file', new Blob([await readFile(file)], { type: 'application/octet-stream' }), 'recording.bin');
    const uploaded = await api('/v1/entries', { method: 'POST', body: form });
    expect(uploaded.status).toBe(201);
    const entry = (await uploaded.json()) as EntryView;
    expect(entry.durationMs).toBe(4000);
    const media = await api(`/v1/entries/${entry.id}/media`);
    expect([media.status, media.headers.get('content-type')]).toEqual([200, 'image/webp']);

    const ordered = await api('/v1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entryIds: [entry.id] }),
    });
    let order = ((await ordered.json()) as { orders: Order[] }).orders[0] as Order;
    const t0 = performance.now();
    while (order.status === 'pending' || order.status === 'processing') {
      expect(performance.now() - t0).toBeLessThan(120_000);
      await new Promise((r) => setTimeout(r, 200));
      order = (await (await api(`/v1/orders/${order.id}`)).json()) as Order;
    }
    expect(order.status, JSON.stringify(order)).toBe('ready');
    const found = (await (await api(`/v1/search?${new URLSearchParams({ q: FORMAT_CLIP_LINES[1] })}`)).json()) as z.infer<
      typeof SearchViewSchema
    >;
    const moment = found.entries.find((e) => e.entryId === entry.id)?.moments[0];
    expect(moment, JSON.stringify(found)).toBeDefined();
    expect(Math.abs((moment?.startMs ?? 0) - 2000)).toBeLessThanOrEqual(500);
    const thumbnail = await api(moment?.thumbnailUrl ?? '');
    expect([thumbnail.status, thumbnail.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    expect((await thumbnail.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });
});
