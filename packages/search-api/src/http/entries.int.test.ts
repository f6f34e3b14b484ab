import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, type ExtractedSegment } from '@onscreen/core';
import { makeBadMedia, makeVideo, slideDeck } from '@onscreen/testkit';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { multipartBody } from './testing/multipart.js';
import { openTestService, type TestService, type TestUser } from './testing/test-service.js';

/** Entries over the real store, a real Meilisearch and real media: upload, read, change, delete, content, isolation. */
let service: TestService;
let video: string;
const line = (text: string, startMs: number, endMs: number, y = 0.2): ExtractedSegment => ({
  text,
  startMs,
  endMs,
  confidence: 0.9,
  bbox: { x: 0.1, y, w: 0.6, h: 0.06 },
});

beforeAll(async () => {
  service = await openTestService({ meili: { url: inject('meiliUrl'), apiKey: inject('meiliMasterKey') } });
  video = join(service.dataDir, 'clip.mp4');
  await makeVideo(slideDeck({ durationS: 4, width: 640, height: 360 }), video);
});
afterAll(() => service?.close());

async function upload(who: TestUser, fields: Record<string, string>, file = video) {
  const { payload, headers } = await multipartBody(fields, { path: file });
  return service.app.inject({ method: 'POST', url: '/v1/entries', payload, headers: { ...headers, authorization: `Bearer ${who.token}` } });
}

/** An uploaded entry with known segments in the index (OCR itself is tested end to end elsewhere). */
async function entryWithText(who: TestUser, title: string, visibility: 'private' | 'published', lines: ExtractedSegment[]) {
  const res = await upload(who, { title, visibility });
  expect(res.statusCode, res.body).toBe(201);
  const entry = res.json();
  await service.index.replaceEntrySegments(
    { entryId: entry.id, ownerId: who.user.id, visibility, categoryIds: [], entryTitle: title, orderId: null, language: 'eng' },
    lines,
  );
  return entry as { id: string; durationMs: number };
}

/** How long search may take to follow a committed change on this shared, loaded machine. */
const SEARCH_FOLLOWS_MS = 30_000;

const mediaFiles = async () => (await readdir(join(service.dataDir, 'media'))).sort();

describe('upload', () => {
  it('streams a video to the data dir, probes it and lists it first', async () => {
    const res = await upload(service.alice, { title: 'Board deck', description: 'Q3' });
    expect(res.statusCode, res.body).toBe(201);
    const entry = res.json();
    expect(entry).toMatchObject({
      title: 'Board deck',
      description: 'Q3',
      visibility: 'private',
      ownerId: service.alice.user.id,
      labelsPreview: '',
      latestOrder: null,
    });
    expect(Math.abs(entry.durationMs - 4000)).toBeLessThanOrEqual(100);
    expect(entry).not.toHaveProperty('filePath');
    expect(await mediaFiles()).toContain(`${entry.id}.mp4`);
    const list = await service.call(service.alice, 'GET', '/v1/entries?limit=50');
    expect(list.json().entries[0].id).toBe(entry.id);
    const found = await service.call(service.alice, 'GET', '/v1/entries?q=board');
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().entries.map((e: { id: string }) => e.id)).toEqual([entry.id]);
    expect((await service.call(service.alice, 'GET', '/v1/entries?limit=500')).statusCode).toBe(400);
  });

  it.each([
    ['zero-bytes', ErrorCode.ZERO_LENGTH],
    ['text-renamed', ErrorCode.NOT_MEDIA],
    ['random-bytes', ErrorCode.NOT_MEDIA],
    ['audio-only', ErrorCode.AUDIO_ONLY],
  ] as const)('refuses %s media with its code and removes the file', async (kind, code) => {
    const before = await mediaFiles();
    const file = join(service.dataDir, `bad-${kind}.mp4`);
    await makeBadMedia(kind, file);
    const res = await upload(service.alice, { title: kind }, file);
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().code).toBe(code);
    expect(await mediaFiles()).toEqual(before);
  });

  it('refuses a missing title, a missing file and an oversized file, leaving nothing behind', async () => {
    const before = await mediaFiles();
    const noTitle = await upload(service.alice, {});
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().code).toBe(ErrorCode.INVALID_INPUT);
    const { payload, headers } = await multipartBody({ title: 'x' });
    const noFile = await service.app.inject({
      method: 'POST',
      url: '/v1/entries',
      payload,
      headers: { ...headers, authorization: `Bearer ${service.alice.token}` },
    });
    expect(noFile.statusCode).toBe(400);
    expect(await mediaFiles()).toEqual(before);
    const small = await openTestService({ limits: { uploadBytes: 10_000 } });
    try {
      const big = await multipartBody({ title: 'big' }, { path: video });
      const res = await small.app.inject({
        method: 'POST',
        url: '/v1/entries',
        payload: big.payload,
        headers: { ...big.headers, authorization: `Bearer ${small.alice.token}` },
      });
      expect(res.statusCode).toBe(413);
      expect(res.json().code).toBe(ErrorCode.MEDIA_TOO_LARGE);
      expect(await readdir(join(small.dataDir, 'media'))).toEqual([]);
    } finally {
      await small.close();
    }
  });
});

describe('content of an entry', () => {
  let entry: { id: string; durationMs: number };
  beforeAll(async () => {
    entry = await entryWithText(service.alice, 'Quarterly review', 'private', [
      line('Quarterly revenue grew 12%', 0, 2000),
      line('Roadmap 2027', 2000, 4000),
      line('Quarterly revenue grew 12%', 3000, 3900, 0.5),
      line('Company confidential', 0, 4000, 0.9),
    ]);
  });

  it('ranks labels and previews them in the entry', async () => {
    // an entry with segments and an order whose labels were not kept: the first view fills them in
    expect((await service.call(service.alice, 'POST', '/v1/orders', { entryIds: [entry.id] })).statusCode).toBe(201);
    const labels = (await service.call(service.alice, 'GET', `/v1/entries/${entry.id}/labels`)).json();
    expect(labels.labels.map((l: { text: string }) => l.text)).toEqual([
      'Company confidential',
      'Quarterly revenue grew 12%',
      'Roadmap 2027',
    ]);
    expect(labels.preview).toBe('Company confidential, Quarterly revenue grew 12%, Roadmap 2027');
    expect((await service.call(service.alice, 'GET', `/v1/entries/${entry.id}`)).json().labelsPreview).toBe(labels.preview);
  });

  it('exports WebVTT, SRT and JSON with boxes', async () => {
    const vtt = await service.call(service.alice, 'GET', `/v1/entries/${entry.id}/ocr.vtt`);
    expect(vtt.headers['content-type']).toContain('text/vtt');
    expect(vtt.body.startsWith('WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nQuarterly revenue grew 12%')).toBe(true);
    const srt = await service.call(service.alice, 'GET', `/v1/entries/${entry.id}/ocr.srt`);
    expect(srt.body).toContain('3\n00:00:02,000 --> 00:00:04,000\nRoadmap 2027');
    const json = (await service.call(service.alice, 'GET', `/v1/entries/${entry.id}/ocr.json`)).json();
    expect(json.segments).toHaveLength(4);
    expect(json.segments[0].bbox).toEqual({ x: 0.1, y: 0.2, w: 0.6, h: 0.06 });
  });

  it('makes a JPEG thumbnail once and serves it from the cache', async () => {
    const first = await service.call(service.alice, 'GET', `/v1/entries/${entry.id}/thumbnail?t=1240`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers['content-type']).toBe('image/jpeg');
    expect(first.rawPayload.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const cached = await readdir(join(service.dataDir, 'thumbnails', entry.id));
    expect(cached).toEqual(['1000.jpg']);
    const again = await service.call(service.alice, 'GET', `/v1/entries/${entry.id}/thumbnail?t=900`);
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    // <img> sources: a capability for this frame, never the token (?access_token= is refused)
    const viaToken = await service.app.inject({
      method: 'GET',
      url: `/v1/entries/${entry.id}/thumbnail?t=0&access_token=${service.alice.token}`,
    });
    expect(viaToken.statusCode).toBe(401);
    const { thumbnailUrl } = (await service.call(service.alice, 'GET', `/v1/entries/${entry.id}`)).json();
    expect(thumbnailUrl).toMatch(new RegExp(`^/v1/entries/${entry.id}/thumbnail\\?t=1000&cap=`));
    expect((await service.app.inject({ method: 'GET', url: thumbnailUrl })).rawPayload.equals(first.rawPayload)).toBe(true);
    expect((await service.call(service.alice, 'GET', `/v1/entries/${entry.id}/thumbnail?t=-5`)).statusCode).toBe(400);
  });

  it('serves the video with range requests', async () => {
    const full = await service.call(service.alice, 'GET', `/v1/entries/${entry.id}/media`);
    expect(full.statusCode).toBe(200);
    expect(full.headers['accept-ranges']).toBe('bytes');
    const part = await service.call(service.alice, 'GET', `/v1/entries/${entry.id}/media`, undefined, { range: 'bytes=100-199' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${full.rawPayload.length}`);
    expect(part.rawPayload.equals(full.rawPayload.subarray(100, 200))).toBe(true);
  });

  it('finds the text in search, with a thumbnail inside the moment', async () => {
    const res = (await service.call(service.alice, 'GET', '/v1/search?q=roadmap')).json();
    const hit = res.entries.find((e: { entryId: string }) => e.entryId === entry.id);
    expect(hit.moments[0]).toMatchObject({ text: 'Roadmap 2027', startMs: 2000, endMs: 4000, highlighted: '<mark>Roadmap</mark> 2027' });
    expect(hit.moments[0].thumbnailUrl).toMatch(new RegExp(`^/v1/entries/${entry.id}/thumbnail\\?t=2000&cap=${service.alice.user.id}\\.`));
    const frame = await service.app.inject({ method: 'GET', url: hit.moments[0].thumbnailUrl });
    expect([frame.statusCode, frame.headers['content-type']]).toEqual([200, 'image/jpeg']);
    expect((await service.call(service.alice, 'GET', '/v1/search?pageSize=51')).statusCode).toBe(400);
  });
});

describe('changes', () => {
  it('publishes an entry: search follows, and other users then see it', async () => {
    const entry = await entryWithText(service.alice, 'Launch plan', 'private', [line('Zephyr launch checklist', 0, 3000)]);
    const before = (await service.call(service.bob, 'GET', '/v1/search?q=zephyr')).json();
    expect(before.entries).toEqual([]);
    const patched = await service.call(service.alice, 'PATCH', `/v1/entries/${entry.id}`, {
      visibility: 'published',
      title: 'Launch plan v2',
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ visibility: 'published', title: 'Launch plan v2', description: '' });
    // PATCH answers once the store committed; search follows within seconds (at once on an idle machine)
    await vi.waitFor(
      async () => {
        const after = (await service.call(service.bob, 'GET', '/v1/search?q=zephyr')).json();
        expect(after.entries.map((e: { entryId: string; entryTitle: string }) => [e.entryId, e.entryTitle])).toEqual([
          [entry.id, 'Launch plan v2'],
        ]);
      },
      { timeout: SEARCH_FOLLOWS_MS, interval: 100 },
    );
    expect((await service.call(service.bob, 'GET', `/v1/entries/${entry.id}/labels`)).statusCode).toBe(200);
    expect((await service.call(service.bob, 'PATCH', `/v1/entries/${entry.id}`, { title: 'mine' })).statusCode).toBe(404);
    expect((await service.call(service.alice, 'PATCH', `/v1/entries/${entry.id}`, { visibility: 'public' })).statusCode).toBe(400);
    expect((await service.call(service.alice, 'PATCH', `/v1/entries/${entry.id}`, { ownerId: service.bob.user.id })).statusCode).toBe(400);
  });

  it('moves an entry to another user of the account (admins only): search follows the new owner', async () => {
    const entry = await entryWithText(service.alice, 'Handover', 'private', [line('Quokka handover notes', 0, 3000)]);
    const seen = async (who: typeof service.alice) =>
      ((await service.call(who, 'GET', '/v1/search?q=quokka')).json().entries as { entryId: string }[]).map((e) => e.entryId);
    // a user cannot give an entry away, an admin cannot move one out of the account
    const byUser = await service.call(service.alice, 'PATCH', `/v1/entries/${entry.id}`, { ownerId: service.admin.user.id });
    expect([byUser.statusCode, byUser.json().code]).toEqual([400, 'INVALID_INPUT']);
    const outside = await service.call(service.admin, 'PATCH', `/v1/entries/${entry.id}`, { ownerId: service.bob.user.id });
    expect([outside.statusCode, outside.json().code]).toEqual([404, 'NOT_FOUND']);
    expect((await service.store.getEntry(entry.id))?.ownerId).toBe(service.alice.user.id);
    const moved = await service.call(service.admin, 'PATCH', `/v1/entries/${entry.id}`, { ownerId: service.admin.user.id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ ownerId: service.admin.user.id, visibility: 'private' });
    await vi.waitFor(
      async () => {
        expect(await seen(service.admin)).toEqual([entry.id]);
        expect(await seen(service.alice)).toEqual([]);
      },
      { timeout: SEARCH_FOLLOWS_MS, interval: 100 },
    );
  });

  it('runs the account rule when an entry joins its category', async () => {
    const entry = await entryWithText(service.alice, 'Webinar', 'private', []);
    await service.call(service.admin, 'POST', '/v1/rules', { categoryId: 'webinars-int' });
    await service.call(service.alice, 'PATCH', `/v1/entries/${entry.id}`, { categoryIds: ['webinars-int'] });
    const orders = (await service.call(service.alice, 'GET', `/v1/entries/${entry.id}/orders`)).json().orders;
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'pending', feature: 'ocr' });
    expect((await service.call(service.alice, 'GET', `/v1/entries/${entry.id}`)).json().latestOrder).toMatchObject({
      id: orders[0].id,
      status: 'pending',
    });
  });

  it('deletes an entry: pending orders aborted, segments out of search, file and thumbnails gone', async () => {
    const entry = await entryWithText(service.alice, 'Doomed', 'private', [line('Obsolete pricing sheet', 0, 2000)]);
    const [order] = (await service.call(service.alice, 'POST', '/v1/orders', { entryIds: [entry.id] })).json().orders;
    await service.call(service.alice, 'GET', `/v1/entries/${entry.id}/thumbnail?t=500`);
    expect((await service.call(service.bob, 'DELETE', `/v1/entries/${entry.id}`)).statusCode).toBe(404);
    expect((await service.call(service.alice, 'DELETE', `/v1/entries/${entry.id}`)).statusCode).toBe(204);
    expect((await service.call(service.alice, 'GET', `/v1/entries/${entry.id}`)).statusCode).toBe(404);
    // the index and the files follow the store within seconds (at once on an idle machine)
    await vi.waitFor(
      async () => {
        expect(await service.index.countEntrySegments(entry.id)).toBe(0);
        expect((await service.call(service.alice, 'GET', '/v1/search?q=obsolete')).json().entries).toEqual([]);
        expect((await mediaFiles()).some((f) => f.startsWith(entry.id))).toBe(false);
        expect(await readdir(join(service.dataDir, 'thumbnails'))).not.toContain(entry.id);
      },
      { timeout: SEARCH_FOLLOWS_MS, interval: 100 },
    );
    expect((await service.store.listOrderActions(order.id)).every((a) => a.status === 'cancelled')).toBe(true);
    expect((await service.call(service.alice, 'GET', `/v1/entries/${entry.id}`)).statusCode).toBe(404);
  });
});

describe('isolation', () => {
  it('leaves out a hit whose entry the store holds private even while the index still says published (search lagging behind)', async () => {
    const entry = await entryWithText(service.alice, 'Lagging', 'private', []);
    // the documents as a stale write would leave them: published, under the old title
    await service.index.replaceEntrySegments(
      {
        entryId: entry.id,
        ownerId: service.alice.user.id,
        visibility: 'published',
        categoryIds: [],
        entryTitle: 'Old title',
        orderId: null,
        language: 'eng',
      },
      [line('Wombat secret roadmap', 0, 2000)],
    );
    expect((await service.call(service.bob, 'GET', '/v1/search?q=wombat')).json().entries).toEqual([]);
    const own = (await service.call(service.alice, 'GET', '/v1/search?q=wombat')).json().entries;
    expect(own.map((e: { entryId: string; entryTitle: string }) => [e.entryId, e.entryTitle])).toEqual([[entry.id, 'Lagging']]);
  });

  it("never shows another user's private entry: search, entry, labels, exports, thumbnails, media, orders", async () => {
    const secret = await entryWithText(service.alice, 'Secret merger', 'private', [line('Project Nightingale merger terms', 0, 3000)]);
    const [order] = (await service.call(service.alice, 'POST', '/v1/orders', { entryIds: [secret.id] })).json().orders;
    expect((await service.call(service.alice, 'GET', '/v1/search?q=nightingale')).json().entries).toHaveLength(1);
    for (const q of ['nightingale', 'merger', '']) {
      const hits = (await service.call(service.bob, 'GET', `/v1/search?q=${q}`)).json().entries;
      expect(hits.map((e: { entryId: string }) => e.entryId)).not.toContain(secret.id);
    }
    expect(
      (await service.call(service.bob, 'GET', `/v1/search?q=nightingale&entryId=${secret.id}&ownerId=${service.alice.user.id}`)).json()
        .entries,
    ).toEqual([]);
    for (const path of ['', '/labels', '/ocr.vtt', '/ocr.srt', '/ocr.json', '/thumbnail?t=0', '/media', '/orders']) {
      const res = await service.call(service.bob, 'GET', `/v1/entries/${secret.id}${path}`);
      expect(res.statusCode, path).toBe(404);
      expect(res.body).not.toContain('Nightingale');
    }
    expect((await service.call(service.bob, 'GET', `/v1/orders/${order.id}`)).statusCode).toBe(404);
    expect((await service.call(service.bob, 'DELETE', `/v1/orders/${order.id}`)).statusCode).toBe(404);
    expect((await service.call(service.bob, 'GET', '/v1/entries')).json().entries.map((e: { id: string }) => e.id)).not.toContain(
      secret.id,
    );
    // another user of the same account is a stranger too; its admin is not
    const colleague = await service.store.createUser({ accountId: service.alice.user.accountId, name: 'Colleague' });
    expect((await service.call(colleague.token, 'GET', `/v1/entries/${secret.id}/ocr.json`)).statusCode).toBe(404);
    expect((await service.call(service.admin, 'GET', `/v1/entries/${secret.id}/ocr.json`)).statusCode).toBe(200);
  });
});
