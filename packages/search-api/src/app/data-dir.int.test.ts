import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeVideo, slideDeck } from '@onscreen/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveServeConfig } from './config.js';
import { type OnscreenService, startOnscreenService } from './onscreen-service.js';

/**
 * Secrets and files of a running service with its embedded Meilisearch: the master key is never on a
 * command line (it is in the child's environment), the engine runs with `--env production`, the data
 * directory and every directory under it are 0700 and every file 0600 (SQLite and its WAL, uploads,
 * thumbnails, the demo token, the capability key, Meilisearch's database and log). /metrics can live on
 * an address of its own, behind a token of its own.
 */
let root: string;
let dataDir: string;
let service: OnscreenService;
let meiliPid: number;
const METRICS_TOKEN = 'scraper-secret-0123456789abcdef';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'onscreen-datadir-'));
  dataDir = join(root, 'data');
  const video = join(root, 'clip.mp4');
  await makeVideo(slideDeck({ durationS: 2, width: 320, height: 180 }), video);
  const env = { ONSCREEN_LOG_LEVEL: 'silent', ONSCREEN_METRICS_LISTEN: '127.0.0.1:0', ONSCREEN_METRICS_TOKEN: METRICS_TOKEN };
  const config = resolveServeConfig({ port: '0', host: '127.0.0.1', dataDir, samples: false }, env, root);
  service = await startOnscreenService(config, { worker: { pollMs: 60_000 } });
  meiliPid = service.engine.embedded?.pid ?? 0;
  const form = new FormData();
  form.set('title', 'clip');
  form.set('file', new Blob([await readFile(video)]), 'clip.mp4');
  const headers = { authorization: `Bearer ${service.demo.token}` };
  const uploaded = await fetch(`${service.url}/v1/entries`, { method: 'POST', body: form, headers });
  expect(uploaded.status).toBe(201);
  const { id } = (await uploaded.json()) as { id: string };
  expect((await fetch(`${service.url}/v1/entries/${id}/thumbnail?t=500`, { headers })).status).toBe(200);
});
afterAll(async () => {
  await service?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

async function walk(dir: string): Promise<string[]> {
  const found: string[] = [dir];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await walk(path)));
    else found.push(path);
  }
  return found;
}

describe('secrets and files', () => {
  it('passes the Meilisearch master key in the environment, never on the command line, and runs it with --env production', () => {
    expect(meiliPid).toBeGreaterThan(0);
    const argv = readFileSync(`/proc/${meiliPid}/cmdline`, 'utf8').split('\0');
    const key = service.engine.embedded?.masterKey ?? '';
    expect(key.length).toBeGreaterThanOrEqual(16);
    expect(argv.join(' ')).not.toContain(key);
    expect(argv.some((arg) => arg.startsWith('--master-key'))).toBe(false);
    expect(argv.join(' ')).toContain('--env production');
    const environ = readFileSync(`/proc/${meiliPid}/environ`, 'utf8').split('\0');
    expect(environ).toContain(`MEILI_MASTER_KEY=${key}`);
  });

  it('makes the data directory and everything under it private: directories 0700, files 0600', async () => {
    const paths = await walk(dataDir);
    const names = paths.map((p) => p.slice(dataDir.length));
    // the parts that matter are there
    for (const part of ['/onscreen.sqlite', '/media/ent_', '/thumbnails/ent_', '/meilisearch/data.ms', '/capability-key', '/demo-token']) {
      expect(
        names.some((n) => n.startsWith(part)),
        part,
      ).toBe(true);
    }
    const open: string[] = [];
    for (const path of paths) {
      const info = await stat(path).catch(() => null);
      if (info === null) continue; // removed while we looked (Meilisearch's temporary files)
      const expected = info.isDirectory() ? 0o700 : 0o600;
      if ((info.mode & 0o777) !== expected) open.push(`${path.slice(dataDir.length) || '/'} ${(info.mode & 0o777).toString(8)}`);
    }
    expect(open).toEqual([]);
    const dirs = (await Promise.all(paths.map((p) => stat(p).catch(() => null)))).filter((i) => i?.isDirectory()).length;
    console.info(`[hostile-files] ${paths.length} paths checked under the data dir: ${dirs} directories 0700, the rest files 0600`);
  });

  it('serves /metrics on its own address (ONSCREEN_METRICS_LISTEN) behind its token, and not on the API port', async () => {
    expect(service.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(service.metricsUrl).not.toContain(`:${service.port}/`);
    const url = service.metricsUrl ?? '';
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${service.demo.token}` } })).status).toBe(401);
    const scraped = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('onscreen_http_requests_total');
    expect((await fetch(`${service.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);
    expect((await fetch(url.replace('/metrics', '/v1/me'), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);
  });
});
