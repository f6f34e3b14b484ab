import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '@onscreen/core';
import { makeVideo, slideDeck } from '@onscreen/testkit';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { multipartBody } from './testing/multipart.js';
import { openTestService, type TestService } from './testing/test-service.js';

/** A full disk, made with the media quota: uploads fail cleanly and what is stored stays intact. */
let service: TestService;
let clipDir: string;
let clip: string;

beforeAll(async () => {
  clipDir = await mkdtemp(join(tmpdir(), 'onscreen-quota-'));
  clip = join(clipDir, 'clip.mp4');
  await makeVideo(slideDeck({ durationS: 3, width: 640, height: 360 }), clip);
  const quota = Math.floor((await stat(clip)).size * 1.5);
  service = await openTestService({
    meili: { url: inject('meiliUrl'), apiKey: inject('meiliMasterKey') },
    limits: { mediaQuotaBytes: quota },
  });
});
afterAll(async () => {
  await service?.close();
  await rm(clipDir, { recursive: true, force: true });
});

async function send(title: string) {
  const { payload, headers } = await multipartBody({ title }, { path: clip });
  return service.app.inject({
    method: 'POST',
    url: '/v1/entries',
    payload,
    headers: { ...headers, authorization: `Bearer ${service.alice.token}` },
  });
}

it('refuses an upload that would overfill the media folder with 507 STORAGE_FULL, keeping stored entries intact', async () => {
  const first = await send('fits');
  expect(first.statusCode, first.body).toBe(201);
  const media = join(service.dataDir, 'media');
  const stored = await readdir(media);
  const storedBytes = await readFile(join(media, stored[0] as string));

  const second = await send('does not fit');
  expect(second.statusCode).toBe(507);
  expect(second.headers['content-type']).toContain('application/problem+json');
  expect(second.json()).toMatchObject({ code: ErrorCode.STORAGE_FULL, status: 507 });
  // nothing half-written is left, the first entry and its file are untouched, the service still answers
  expect(await readdir(media)).toEqual(stored);
  expect((await readFile(join(media, stored[0] as string))).equals(storedBytes)).toBe(true);
  const list = await service.call(service.alice, 'GET', '/v1/entries');
  expect(list.json().entries.map((e: { title: string }) => e.title)).toEqual(['fits']);
});
