import { mkdir, mkdtemp, readdir, readFile, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '@onscreen/core';
import { makeVideo, slideDeck } from '@onscreen/testkit';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { multipartBody } from './testing/multipart.js';
import { blocksOf, fillDisk, freeBytes, mountSmallDisk, type SmallDisk, unmountSmallDisk } from './testing/small-disk.js';
import { openTestService, type TestService } from './testing/test-service.js';

/**
 * A really full disk: the service's data dir (SQLite file, media and thumbnail folders) on a 4 MiB tmpfs
 * this test mounts. Where the machine does not allow mounting, the upload story runs on the media quota
 * (ONSCREEN_MEDIA_QUOTA_BYTES) instead, and the test names and the log say so.
 */
const DISK_BYTES = 4 * 1024 ** 2;
const root = await mkdtemp(join(tmpdir(), 'onscreen-disk-full-'));
await mkdir(join(root, 'disk'));
const disk: SmallDisk = await mountSmallDisk(join(root, 'disk'), DISK_BYTES);
const mode = disk.mounted
  ? 'a real full disk (4 MiB tmpfs as the data dir)'
  : 'FALLBACK to the media quota (mounting is not permitted here)';
if (!disk.mounted) console.warn(`disk-full test: ${mode}; no real full disk is tested. ${disk.reason}`);

let service: TestService;
let clip: Buffer;
const dataDir = join(disk.dir, 'data');
const mediaDir = join(dataDir, 'media');

beforeAll(async () => {
  const clipFile = join(root, 'clip.mp4');
  // a noisy test pattern at high quality: about 640 KB, so a handful fit on the disk
  await makeVideo({ ...slideDeck({ durationS: 3, width: 640, height: 360 }), background: { kind: 'testsrc2' }, crf: 12 }, clipFile);
  clip = await readFile(clipFile);
  service = await openTestService({
    meili: { url: inject('meiliUrl'), apiKey: inject('meiliMasterKey') },
    dataDir,
    limits: disk.mounted ? {} : { mediaQuotaBytes: DISK_BYTES },
  });
});
afterAll(async () => {
  await service?.close();
  await unmountSmallDisk(disk);
  await rm(root, { recursive: true, force: true });
});

async function upload(title: string) {
  const { payload, headers } = await multipartBody({ title }, { path: join(root, 'clip.mp4') });
  return service.app.inject({
    method: 'POST',
    url: '/v1/entries',
    payload,
    headers: { ...headers, authorization: `Bearer ${service.alice.token}` },
  });
}

/** What is stored: every media file byte-identical with the clip, the database whole, one entry per file. */
async function expectStoredIntact(entryIds: string[]) {
  expect((await readdir(mediaDir)).sort()).toEqual(entryIds.map((id) => `${id}.mp4`).sort());
  for (const id of entryIds) expect((await readFile(join(mediaDir, `${id}.mp4`))).equals(clip), `media of ${id}`).toBe(true);
  const db = new Database(join(dataDir, 'onscreen.sqlite'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT id FROM entries ORDER BY id').pluck().all()).toEqual([...entryIds].sort());
  } finally {
    db.close();
  }
  const list = await service.call(service.alice, 'GET', '/v1/entries?limit=50');
  expect(list.statusCode).toBe(200);
  expect(list.json().total).toBe(entryIds.length);
}

const thumbnail = (entryId: string, tMs: number) => service.call(service.alice, 'GET', `/v1/entries/${entryId}/thumbnail?t=${tMs}`);

function expectStorageFull(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) {
  expect(res.statusCode).toBe(507);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ code: ErrorCode.STORAGE_FULL, status: 507 });
}

/**
 * A test that needs the real full disk. Where the mount was refused it is not skipped: it checks
 * that the fallback is for the reason it claims (no permission to mount), and says so in its name.
 */
function onTheMountedDisk(name: string, what: string, body: () => Promise<void>): void {
  if (disk.mounted) {
    it(name, body);
    return;
  }
  it(`FALLBACK: ${what} is NOT tested (it needs the mount); the mount was refused for lack of permission`, () => {
    expect(disk.mounted ? '' : disk.reason).toMatch(/permission denied|only root|not permitted|EPERM|must be superuser/i);
  });
}

describe(`disk full: ${mode}`, () => {
  const stored: string[] = [];

  it('uploads until it is full get 507 STORAGE_FULL; nothing stored is damaged; freeing space helps', async () => {
    let refused: Awaited<ReturnType<typeof upload>> | undefined;
    for (let i = 0; i < 20 && refused === undefined; i++) {
      const res = await upload(`clip ${i}`);
      if (res.statusCode === 201) stored.push(res.json().id);
      else refused = res;
    }
    expect(stored.length).toBeGreaterThanOrEqual(2);
    expect(refused, 'an upload was refused').toBeDefined();
    expectStorageFull(refused as NonNullable<typeof refused>);
    // really full: there is less room left than one more clip needs
    if (disk.mounted) expect(await freeBytes(disk.dir)).toBeLessThan(await blocksOf(disk.dir, clip.length));
    await expectStoredIntact(stored); // no partial file either
    const search = await service.call(service.alice, 'GET', '/v1/search?q=revenue');
    expect(search.statusCode).toBe(200);

    const removed = await service.call(service.alice, 'DELETE', `/v1/entries/${stored.shift()}`);
    expect(removed.statusCode).toBe(204);
    const again = await upload('after freeing space');
    expect(again.statusCode, again.body).toBe(201);
    stored.push(again.json().id);
    await expectStoredIntact(stored);
  });

  onTheMountedDisk(
    'when SQLite itself cannot write, the upload gets 507 and other writes 503; nothing half-made',
    'SQLite out of disk',
    async () => {
      // leave exactly the room of one clip: its media file fits, SQLite's next write finds no block
      const removed = await service.call(service.alice, 'DELETE', `/v1/entries/${stored.shift()}`);
      expect(removed.statusCode).toBe(204);
      const filler = join(disk.dir, 'filler');
      await fillDisk(filler, await blocksOf(disk.dir, clip.length));
      expect(await freeBytes(disk.dir)).toBe(await blocksOf(disk.dir, clip.length));
      const res = await upload('the database has no room');
      expectStorageFull(res);
      await expectStoredIntact(stored); // no entry, and its media file was removed again

      // the disk entirely full: a write that is not an upload is a clean 503 (problem+json), and changes nothing
      await rm(filler);
      await fillDisk(filler);
      const order = await service.call(service.alice, 'POST', '/v1/orders', { entryIds: [stored[0]] });
      expect(order.statusCode).toBe(503);
      expect(order.headers['content-type']).toContain('application/problem+json');
      expect(order.json()).toMatchObject({ code: ErrorCode.STORE_FAILED, status: 503 });
      expect((await service.call(service.alice, 'GET', `/v1/entries/${stored[0]}/orders`)).json().orders).toEqual([]);

      await rm(filler);
      expect((await service.call(service.alice, 'POST', '/v1/orders', { entryIds: [stored[0]] })).statusCode).toBe(201);
      const last = await upload('room again');
      expect(last.statusCode, last.body).toBe(201);
      stored.push(last.json().id);
      await expectStoredIntact(stored);
    },
  );

  onTheMountedDisk(
    'a thumbnail that does not fit gets 507, whether ffmpeg wrote nothing or half a JPEG; cached ones are still served; nothing bad is cached',
    'thumbnails on a full disk',
    async () => {
      const id = stored[0] as string;
      const cacheDir = join(dataDir, 'thumbnails', id);
      const cached = await thumbnail(id, 0);
      expect(cached.statusCode, cached.body).toBe(200);
      expect(await readdir(cacheDir)).toEqual(['0.jpg']);

      // entirely full: ffmpeg writes nothing (and exits 0)
      const filler = join(disk.dir, 'filler');
      await fillDisk(filler);
      expect(await freeBytes(disk.dir)).toBe(0);
      const again = await thumbnail(id, 0);
      expect(again.statusCode).toBe(200);
      expect(again.rawPayload.equals(cached.rawPayload)).toBe(true);
      expectStorageFull(await thumbnail(id, 1000));
      expect(await readdir(cacheDir)).toEqual(['0.jpg']);

      // one block free: ffmpeg writes the first block of the JPEG (and exits 0)
      const { bsize } = await statfs(disk.dir);
      await rm(filler);
      await fillDisk(filler, bsize);
      expect(await freeBytes(disk.dir)).toBe(bsize);
      expectStorageFull(await thumbnail(id, 1500));
      expect(await readdir(cacheDir)).toEqual(['0.jpg']);

      await rm(filler);
      const made = await thumbnail(id, 1500);
      expect(made.statusCode, made.body).toBe(200);
      expect(made.rawPayload.length, 'the JPEG is larger than the one block it had').toBeGreaterThan(bsize);
      expect(made.rawPayload.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
      expect((await readdir(cacheDir)).sort()).toEqual(['0.jpg', '1500.jpg']);
      expect((await readFile(join(cacheDir, '1500.jpg'))).equals(made.rawPayload)).toBe(true);
      await expectStoredIntact(stored);
    },
  );
});
