import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leakedInternals } from '../../test/hostile/problem-checks.js';
import { openTestService, type TestService } from './testing/test-service.js';

/**
 * Error answers never carry a stack trace or a path of this machine, whatever failed underneath: a
 * store that is gone, ffmpeg failing on a missing file, a media file that vanished, bad JSON, a body
 * too large, an unknown route. 5xx answers are opaque.
 */
let service: TestService;
let elsewhere: string;
beforeAll(async () => {
  elsewhere = await mkdtemp(join(tmpdir(), 'onscreen-missing-'));
  service = await openTestService({ limits: { bodyBytes: 1024 } });
});
afterAll(async () => {
  await service?.close();
  await rm(elsewhere, { recursive: true, force: true });
});

describe('error answers', () => {
  it('show no stack and no server path, and 5xx answers are opaque', async () => {
    const missing = join(elsewhere, 'gone', 'video.mp4');
    const entry = await service.store.createEntry({ ownerId: service.alice.user.id, title: 'gone', filePath: missing, durationMs: 2000 });
    const answers = [
      await service.call(service.alice, 'GET', `/v1/entries/${entry.id}/thumbnail?t=0`), // ffmpeg fails on the missing file
      await service.call(service.alice, 'GET', `/v1/entries/${entry.id}/media`), // the file is not there
      await service.app.inject({
        method: 'POST',
        url: '/v1/tokens',
        headers: { authorization: `Bearer ${service.alice.token}`, 'content-type': 'application/json' },
        payload: '{"ttlSeconds": ',
      }),
      await service.call(service.alice, 'POST', '/v1/tokens', { pad: 'x'.repeat(4096) }),
      await service.call(service.alice, 'GET', '/v1/no/such/route'),
      await service.call(service.alice, 'GET', '/v1/entries/%E0%A4%A'),
    ];
    await service.store.close(); // every store call now fails
    answers.push(await service.call(service.alice, 'GET', '/v1/entries'), await service.call(null, 'GET', '/readyz'));
    const statuses = answers.map((res) => res.statusCode);
    expect(statuses).toEqual([500, 404, 400, 413, 404, 400, 503, 503]);
    for (const res of answers) {
      expect(leakedInternals(res.body, service.dataDir), res.body).toBeUndefined();
      expect(res.body).not.toContain(elsewhere);
      expect(res.body).not.toMatch(/\bat .*\(|\.ts:\d+|node:internal/);
      if (res.statusCode >= 500 && res.headers['content-type']?.toString().includes('problem')) {
        expect(res.json().detail).toMatch(/Try again later\.$/);
        expect(res.json()).not.toHaveProperty('details');
      }
    }
  });
});
