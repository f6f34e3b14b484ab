import { randomBytes } from 'node:crypto';
import { copyFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode } from '@onscreen/core';
import { resolveFfmpeg, runProcess } from '@onscreen/indexer';
import { makeVideo, slideDeck } from '@onscreen/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCapabilities } from '../../src/http/capabilities.js';
import { mediaDir } from '../../src/http/media-files.js';
import { openTestService, type TestService } from '../../src/http/testing/test-service.js';
import { uploadAs } from './hostile-fixture.js';

/**
 * Stored XSS through uploads: a real video whose metadata holds a <script>, uploaded under a name that
 * asks to be served as a page (.html, .svg, .js …). The stored name and the served type come from the
 * probed container, never from the client's name; media answers carry nosniff and a sandboxing CSP;
 * <video>/<img> sources carry a short-lived capability for that one resource, never the bearer token.
 */
const SCRIPT = '<script>document.title="PWNED";fetch("/pwned")</script><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>';
const capabilityKey = randomBytes(32);
let service: TestService;
let hostileMp4: string;
const made: Record<string, string> = {};

async function remux(input: string, output: string, format: string[], codec: string[] = ['-c', 'copy']): Promise<void> {
  const args = ['-v', 'error', '-y', '-i', input, '-metadata', `title=${SCRIPT}`, '-metadata', `comment=${SCRIPT}`, ...codec];
  const result = await runProcess(resolveFfmpeg().path, [...args, ...format, output], { timeoutMs: 60_000 });
  if (result.exitCode !== 0) throw new Error(`ffmpeg ${output}: ${result.stderrTail}`);
}

beforeAll(async () => {
  service = await openTestService({
    meili: { url: inject('meiliUrl'), apiKey: inject('meiliMasterKey') },
    limits: { requestsPerMinute: 10_000_000, accountRequestsPerMinute: 10_000_000 },
    capabilityKey,
  });
  const clean = join(service.dataDir, 'clean.mp4');
  await makeVideo(slideDeck({ durationS: 2, width: 320, height: 180 }), clean);
  hostileMp4 = join(service.dataDir, 'hostile.mp4');
  await remux(clean, hostileMp4, ['-movflags', '+faststart', '-f', 'mp4']);
  made.mov = join(service.dataDir, 'hostile.mov');
  await remux(clean, made.mov, ['-f', 'mov']);
  made.mkv = join(service.dataDir, 'hostile.mkv');
  await remux(clean, made.mkv, ['-f', 'matroska']);
  made.webm = join(service.dataDir, 'hostile.webm');
  await remux(clean, made.webm, ['-f', 'webm'], ['-c:v', 'libvpx-vp9', '-b:v', '200k', '-deadline', 'realtime', '-cpu-used', '8']);
  made.avi = join(service.dataDir, 'hostile.avi');
  await remux(clean, made.avi, ['-f', 'avi']);
  made.ts = join(service.dataDir, 'hostile.ts');
  await remux(clean, made.ts, ['-f', 'mpegts']);
  made.flv = join(service.dataDir, 'hostile.flv');
  await remux(clean, made.flv, ['-f', 'flv'], ['-c:v', 'flv']);
  made.wmv = join(service.dataDir, 'hostile.wmv');
  await remux(clean, made.wmv, ['-f', 'asf'], ['-c:v', 'wmv2']);
  made['3gp'] = join(service.dataDir, 'hostile.3gp');
  await remux(clean, made['3gp'], ['-f', '3gp'], ['-c:v', 'mpeg4', '-c:a', 'aac']);
  made.gif = join(service.dataDir, 'hostile.gif');
  await remux(clean, made.gif, ['-f', 'gif'], ['-an', '-c:v', 'gif']);
  made.apng = join(service.dataDir, 'hostile.apng');
  await remux(clean, made.apng, ['-plays', '0', '-f', 'apng'], ['-an', '-c:v', 'apng', '-pix_fmt', 'rgb24']);
});
afterAll(() => service?.close());

const asAlice = () => ({ authorization: `Bearer ${service.alice.token}` });

async function uploadHostile(name: string, file = hostileMp4, visibility = 'private') {
  const res = await uploadAs(service, service.alice, file, name, { title: `hostile ${name}`, visibility });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; mediaUrl: string; thumbnailUrl: string };
}

const PAGE_TYPES = /html|svg|xml|javascript|ecmascript|text\//i;

describe('stored XSS through uploads', () => {
  it.each(['x.html', 'x.htm', 'x.svg', 'x.xhtml', 'x.js', 'x.mjs', 'x.xml', 'noextension', 'x.mp4.html'])(
    'a valid video named %s with <script> in its metadata is stored as .mp4 and served as video/mp4 with nosniff',
    async (name) => {
      const entry = await uploadHostile(name);
      expect(await readdir(mediaDir(service.dataDir))).toContain(`${entry.id}.mp4`);
      const res = await service.app.inject({ method: 'GET', url: `/v1/entries/${entry.id}/media`, headers: asAlice() });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('video/mp4');
      expect(String(res.headers['content-type'])).not.toMatch(PAGE_TYPES);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-disposition']).toBe(`inline; filename="${entry.id}.mp4"`);
      expect(res.headers['content-security-policy']).toMatch(/sandbox/);
      expect(res.rawPayload.includes(Buffer.from('<script>'))).toBe(true); // the payload is there, inert
    },
  );

  it.each([
    ['mov', 'video/quicktime', '.mov'],
    ['mkv', 'video/x-matroska', '.mkv'],
    ['webm', 'video/webm', '.webm'],
    ['avi', 'video/x-msvideo', '.avi'],
    ['ts', 'video/mp2t', '.ts'],
    ['flv', 'video/x-flv', '.flv'],
    ['wmv', 'video/x-ms-wmv', '.wmv'],
    ['3gp', 'video/3gpp', '.3gp'],
    ['gif', 'image/gif', '.gif'],
    ['apng', 'image/apng', '.apng'],
  ])('the container decides: a %s uploaded as x.html is stored and served as %s', async (kind, type, ext) => {
    const entry = await uploadHostile('x.html', made[kind]);
    expect(await readdir(mediaDir(service.dataDir))).toContain(`${entry.id}${ext}`);
    const res = await service.app.inject({ method: 'GET', url: `/v1/entries/${entry.id}/media`, headers: asAlice() });
    expect([res.statusCode, res.headers['content-type'], res.headers['x-content-type-options']]).toEqual([200, type, 'nosniff']);
  });

  it('a file stored under a client extension before this fix is served as an attachment of application/octet-stream', async () => {
    const legacy = join(mediaDir(service.dataDir), 'ent_legacyhtml.html');
    await copyFile(hostileMp4, legacy);
    await service.store.createEntry({
      id: 'ent_legacyhtml',
      ownerId: service.alice.user.id,
      title: 'legacy',
      filePath: legacy,
      durationMs: 2000,
    });
    const res = await service.app.inject({ method: 'GET', url: '/v1/entries/ent_legacyhtml/media', headers: asAlice() });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-disposition']).toBe('attachment; filename="ent_legacyhtml.bin"');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('capabilities instead of ?access_token=', () => {
  it('the bearer token in ?access_token= is no longer accepted, on media and thumbnails', async () => {
    const entry = await uploadHostile('clip.mp4');
    for (const path of ['media', 'thumbnail?t=0']) {
      const sep = path.includes('?') ? '&' : '?';
      const res = await service.app.inject({
        method: 'GET',
        url: `/v1/entries/${entry.id}/${path}${sep}access_token=${service.alice.token}`,
      });
      expect([res.statusCode, res.json().code], path).toEqual([401, ErrorCode.UNAUTHORIZED]);
    }
  });

  it('entry views carry capability URLs that open that one resource without a header, and never the token', async () => {
    const entry = await uploadHostile('clip.mp4');
    const other = await uploadHostile('other.mp4');
    for (const url of [entry.mediaUrl, entry.thumbnailUrl]) {
      expect(url).toMatch(/[?&]cap=[\w.-]+/);
      expect(url).not.toContain(service.alice.token);
      const res = await service.app.inject({ method: 'GET', url });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    }
    const cap = new URL(entry.mediaUrl, 'http://x').searchParams.get('cap') ?? '';
    const thumbCap = new URL(entry.thumbnailUrl, 'http://x').searchParams.get('cap') ?? '';
    const refused = [
      `/v1/entries/${other.id}/media?cap=${cap}`, // another entry
      `/v1/entries/${entry.id}/thumbnail?t=1000&cap=${cap}`, // another resource of the entry
      `/v1/entries/${entry.id}/thumbnail?t=0&cap=${thumbCap}`, // another frame
      `/v1/entries/${entry.id}/media?cap=${cap.slice(0, -2)}xx`, // a forged signature
      `/v1/entries/${entry.id}/media?cap=${cap.replace(service.alice.user.id, service.bob.user.id)}`, // another user
      `/v1/entries/${entry.id}/media?cap=`,
      `/v1/entries/${entry.id}/media?cap=${'a'.repeat(5000)}`,
    ];
    for (const url of refused) {
      const res = await service.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.headers['content-type'], url).toContain('application/problem+json');
    }
  });

  it('a capability expires, and never outlives the access it was issued for', async () => {
    const entry = await uploadHostile('clip.mp4', hostileMp4, 'published');
    const past = createCapabilities({ key: capabilityKey, ttlSeconds: 60, now: () => Date.now() - 3_600_000 });
    const expired = await service.app.inject({ method: 'GET', url: past.url(`/v1/entries/${entry.id}/media`, service.bob.user.id) });
    expect([expired.statusCode, expired.json().code]).toEqual([401, ErrorCode.UNAUTHORIZED]);

    const bobView = (
      await service.app.inject({ method: 'GET', url: `/v1/entries/${entry.id}`, headers: { authorization: `Bearer ${service.bob.token}` } })
    ).json();
    expect((await service.app.inject({ method: 'GET', url: bobView.mediaUrl })).statusCode).toBe(200);
    await service.app.inject({ method: 'PATCH', url: `/v1/entries/${entry.id}`, headers: asAlice(), payload: { visibility: 'private' } });
    const after = await service.app.inject({ method: 'GET', url: bobView.mediaUrl });
    expect([after.statusCode, after.json().code]).toEqual([404, ErrorCode.NOT_FOUND]);
  });
});
