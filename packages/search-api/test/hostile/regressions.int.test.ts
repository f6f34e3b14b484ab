import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode } from '@onscreen/core';
import { makeVideo, slideDeck } from '@onscreen/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '../../src/http/testing/test-service.js';
import { openHostileService, startTrapServer, uploadAs } from './hostile-fixture.js';
import { leakedInternals, problemFault } from './problem-checks.js';

/** The bugs the hostile suites found, each pinned by one request. */
let service: TestService;
let neighbour: string;

beforeAll(async () => {
  service = await openHostileService();
  const video = join(service.dataDir, 'clip.mp4');
  await makeVideo(slideDeck({ durationS: 2, width: 320, height: 180 }), video);
  const res = await uploadAs(service, service.alice, video, 'clip.mp4', { title: 'neighbour' });
  expect(res.statusCode, res.body).toBe(201);
  neighbour = `${res.json().id}.mp4`;
});
afterAll(() => service?.close());

const bob = () => ({ authorization: `Bearer ${service.bob.token}` });

describe('fixed: hostile input that used to get through or fail badly', () => {
  it('an ffconcat file naming another upload in the media dir is not media (ffprobe used to open that file)', async () => {
    const file = join(service.dataDir, 'concat.mp4');
    await writeFile(file, `ffconcat version 1.0\nfile '${neighbour}'\n`);
    const res = await uploadAs(service, service.bob, file, 'concat.mp4', { title: 'concat' });
    expect(res.statusCode, res.body).toBe(415);
    // a playlist is a format onscreen does not take, named as such (never opened, never "damaged")
    expect(res.json().code).toBe(ErrorCode.UNSUPPORTED_FORMAT);
    expect(res.json().detail).toMatch(/concat/i);
  });

  it("a refused upload's answer does not show where the server keeps files", async () => {
    const file = join(service.dataDir, 'empty.mp4');
    await writeFile(file, '');
    const res = await uploadAs(service, service.bob, file, 'empty.mp4', { title: 'empty' });
    expect(res.json()).toMatchObject({ code: ErrorCode.ZERO_LENGTH, detail: 'The file "upload.mp4" is empty (0 bytes).' });
    expect(problemFault(res, service.dataDir)).toBeUndefined();
  });

  it.each([
    ['no boundary', 'multipart/form-data', '--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--b--\r\n'],
    [
      'another boundary',
      'multipart/form-data; boundary=other',
      '--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--b--\r\n',
    ],
    ['no closing boundary', 'multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n'],
    [
      'two files',
      'multipart/form-data; boundary=b',
      `${'--b\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\n\r\nxx\r\n'.repeat(2)}--b--\r\n`,
    ],
  ])('a malformed multipart body (%s) is 400 INVALID_INPUT, not 500', async (_name, contentType, body) => {
    const res = await service.app.inject({
      method: 'POST',
      url: '/v1/entries',
      payload: Buffer.from(body),
      headers: { ...bob(), 'content-type': contentType },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().code).toBe(ErrorCode.INVALID_INPUT);
  });

  it('a thumbnail never makes ffmpeg follow a media path that is a URL', async () => {
    const trap = await startTrapServer();
    try {
      const entry = await service.store.createEntry({
        id: 'url-path',
        ownerId: service.alice.user.id,
        title: 'url',
        durationMs: 2000,
        filePath: `${trap.url}/clip.mp4`,
      });
      const res = await service.call(service.alice, 'GET', `/v1/entries/${entry.id}/thumbnail?t=0`);
      expect(trap.requests()).toBe(0);
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(leakedInternals(res.body, service.dataDir)).toBeUndefined();
    } finally {
      await trap.close();
    }
  });

  it('an id longer than the router accepts is answered as problem+json', async () => {
    const res = await service.app.inject({ method: 'GET', url: `/v1/entries/${'a'.repeat(300)}`, headers: bob() });
    expect(res.statusCode).toBe(414);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe(ErrorCode.INVALID_INPUT);
  });
});
