import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeVideo, slideDeck } from '@onscreen/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestService, type TestService } from './testing/test-service.js';
import { createThumbnailQueue } from './thumbnail-queue.js';

/**
 * Thumbnails are made through one bounded queue: a few ffmpeg processes at a time, users served in turn
 * (one user's burst does not starve another), a user's queue and the whole queue bounded (429 beyond,
 * never a 500), and a frame already made is served from the cache without queueing.
 */
const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe('the thumbnail queue', () => {
  it('runs at most `concurrency` jobs, and takes users in turn', async () => {
    const queue = createThumbnailQueue({ concurrency: 2, perUser: 50, total: 100 });
    const started: string[] = [];
    const gates: Array<() => void> = [];
    const job = (name: string) => () => {
      started.push(name);
      const gate = deferred();
      gates.push(gate.resolve);
      return gate.promise.then(() => name);
    };
    const done = [
      ...Array.from({ length: 10 }, (_, i) => queue.run('alice', job(`a${i}`))),
      ...Array.from({ length: 3 }, (_, i) => queue.run('bob', job(`b${i}`))),
      queue.run('carol', job('c0')),
    ];
    await Promise.resolve();
    expect(started).toEqual(['a0', 'a1']);
    while (gates.length > 0) {
      expect(queue.stats().running).toBeLessThanOrEqual(2);
      gates.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(await Promise.all(done)).toHaveLength(14);
    // after the first two, bob and carol are not left behind alice's backlog
    expect(started.slice(0, 6)).toEqual(['a0', 'a1', 'b0', 'c0', 'a2', 'b1']);
    expect(queue.stats().maxRunning).toBe(2);
  });

  it("refuses (429) a user's jobs past their share, and any job past the total; others still get in", async () => {
    const queue = createThumbnailQueue({ concurrency: 1, perUser: 3, total: 5 });
    const never = () => new Promise<never>(() => {});
    const alice = Array.from({ length: 6 }, () => queue.run('alice', never).catch((e: { statusCode?: number }) => e.statusCode));
    // one runs, three wait, two are refused at once
    expect(await Promise.race([Promise.all(alice.slice(4)), new Promise((r) => setTimeout(() => r('waiting'), 100))])).toEqual([429, 429]);
    const bob = Array.from({ length: 3 }, () => queue.run('bob', never).catch((e: { statusCode?: number }) => e.statusCode));
    expect(await Promise.race([bob[2], new Promise((r) => setTimeout(() => r('waiting'), 100))])).toBe(429); // the total is 5
    expect(queue.stats()).toMatchObject({ running: 1, queued: 5 });
    queue.close();
  });

  it('refuses (429) a job that waited longer than maxWaitMs, and frees its place', async () => {
    const queue = createThumbnailQueue({ concurrency: 1, perUser: 5, total: 5, maxWaitMs: 150 });
    const never = () => new Promise<never>(() => {});
    void queue.run('alice', never);
    const t0 = Date.now();
    const waited = await queue.run('bob', async () => 'made').catch((e: { statusCode?: number }) => e.statusCode);
    expect(waited).toBe(429);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(queue.stats()).toMatchObject({ running: 1, queued: 0 });
    queue.close();
  });
});

let service: TestService;
let root: string;
let entryId: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'onscreen-thumb-burst-'));
  const video = join(root, 'long.mp4');
  await makeVideo(slideDeck({ durationS: 60, width: 640, height: 360, slideS: 5 }), video);
  service = await openTestService({ limits: { requestsPerMinute: 100_000, accountRequestsPerMinute: 100_000, thumbnailConcurrency: 2 } });
  entryId = (await service.store.createEntry({ ownerId: service.alice.user.id, title: 'long', filePath: video, durationMs: 60_000 })).id;
}, 120_000);
afterAll(async () => {
  await service?.close();
  await rm(root, { recursive: true, force: true });
});

/** The niceness of each ffmpeg process this test process started that runs now (prlimit execs ffmpeg in place). */
function ffmpegChildren(): number[] {
  const nice: number[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [, comm = '', rest = ''] = /^\d+ \((.*)\) (.*)$/s.exec(stat) ?? [];
      const fields = rest.split(' ');
      if (comm.includes('ffmpeg') && Number(fields[1]) === process.pid) nice.push(Number(fields[16]));
    } catch {
      // gone already
    }
  }
  return nice;
}

describe('a burst of uncached thumbnails over HTTP', () => {
  it('runs at most 2 ffmpeg at a time, answers every request 200 or 429 (never 5xx), and serves cached frames at once', async () => {
    let maxFfmpeg = 0;
    const niceness = new Set<number>();
    const sampler = setInterval(() => {
      const running = ffmpegChildren();
      maxFfmpeg = Math.max(maxFfmpeg, running.length);
      for (const n of running) niceness.add(n);
    }, 20);
    const burst = await Promise.all(
      Array.from({ length: 60 }, (_, i) => service.call(service.alice, 'GET', `/v1/entries/${entryId}/thumbnail?t=${i * 1000}`)),
    );
    clearInterval(sampler);
    const statuses = burst.map((r) => r.statusCode);
    expect(
      statuses.every((s) => s === 200 || s === 429),
      JSON.stringify(statuses),
    ).toBe(true);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(maxFfmpeg).toBeGreaterThan(0);
    expect(maxFfmpeg).toBeLessThanOrEqual(2);
    // they run nicer than the service, which keeps its CPU for searches
    expect(Math.min(...niceness)).toBeGreaterThanOrEqual(Math.min(19, getPriority() + 10));
    for (const refused of burst.filter((r) => r.statusCode === 429)) {
      expect(refused.json().code).toBe('RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    // a frame made in the burst is served from the cache
    const made = burst.findIndex((r) => r.statusCode === 200);
    const again = await service.call(service.alice, 'GET', `/v1/entries/${entryId}/thumbnail?t=${made * 1000}`);
    expect(again.statusCode).toBe(200);
    expect(again.rawPayload.equals(burst[made]?.rawPayload ?? Buffer.alloc(0))).toBe(true);
  }, 120_000);
});
