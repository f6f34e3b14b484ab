/**
 * Workers without a shared disk: the API, two OCR workers, Postgres and a separately started Meilisearch,
 * each its own process. The workers get only the store URL, the Meilisearch URL and key, the API's URL and
 * the worker token; they read every video over HTTP from the API. When the test runs as root, the API's
 * data directory is private to root (0700) and the workers run as `nobody` with their own data
 * directories: they could not open the API's files even if they tried.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createMeiliClient } from '@onscreen/indexer';
import { makeVideo, slideDeck } from '@onscreen/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const pgUrl = process.env.ONSCREEN_TEST_PG_URL;
const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const VIDEOS = 3;
const asRoot = process.getuid?.() === 0;
const NOBODY = 65_534;

interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startCli(args: string[], env: Record<string, string>, user?: number): Proc {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(user === undefined ? {} : { uid: user, gid: user }),
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream as NodeJS.ReadableStream }).on('line', (line) => {
      output += `${line}\n`;
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, log: () => string): Promise<T> {
  const started = performance.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}:\n${log()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

if (pgUrl === undefined || pgUrl === '') {
  console.info('[scale-out] remote workers test skipped: set ONSCREEN_TEST_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/test).');
  describe.skip('workers on other machines (ONSCREEN_TEST_PG_URL is unset)', () => {});
} else {
  const schema = `onscreen_remote_${randomBytes(4).toString('hex')}`;
  const indexUid = `remote_workers_${process.pid}_${Date.now()}`;
  const workerToken = randomBytes(32).toString('base64url');
  const demoToken = randomBytes(24).toString('base64url');
  let root: string;
  const procs: Proc[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'onscreen-remote-'));
    await chmod(root, 0o755);
  });
  afterAll(async () => {
    for (const p of procs) p.child.kill('SIGKILL');
    const meili = createMeiliClient({ url: inject('meiliUrl'), apiKey: inject('meiliMasterKey') });
    await meili.client
      .deleteIndex(indexUid)
      .waitTask()
      .catch(() => {});
    await meili.close();
    await rm(root, { recursive: true, force: true });
    await promisify(execFile)('psql', [pgUrl, '-q', '-c', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`]).catch((error: Error) =>
      console.warn(`[scale-out] could not drop schema ${schema}: ${error.message}`),
    );
  });

  describe('workers on other machines', () => {
    it('read media over HTTP from the API: all orders complete, nothing read from the API data dir', async () => {
      const shared = {
        ONSCREEN_DATABASE_URL: `${pgUrl}?schema=${schema}`,
        MEILI_URL: inject('meiliUrl'),
        MEILI_MASTER_KEY: inject('meiliMasterKey'),
        ONSCREEN_MEILI_INDEX: indexUid,
        ONSCREEN_WORKER_TOKEN: workerToken,
      };
      const apiDir = join(root, 'api');
      await mkdir(apiDir, { mode: 0o700 });
      const api = startCli(['serve', '--port', '0', '--no-samples', '--no-worker'], {
        ...shared,
        ONSCREEN_DATA_DIR: apiDir,
        ONSCREEN_DEMO_TOKEN: demoToken,
        ONSCREEN_LOG_LEVEL: 'silent',
        HOME: apiDir,
      });
      procs.push(api);
      const url = await waitFor('the API', async () => /running at (http:\/\/[\d.:]+)/.exec(api.output())?.[1], 90_000, api.output);
      const auth = { authorization: `Bearer ${demoToken}` };

      // videos uploaded to the API: they exist on its disk only
      const entryIds: string[] = [];
      const words: string[] = [];
      for (let i = 0; i < VIDEOS; i += 1) {
        const file = join(root, `video-${i}.mp4`);
        const truth = await makeVideo(slideDeck({ durationS: 2, slideS: 2, seed: 40 + i }), file);
        words.push((truth.lines[0]?.text ?? '').split(' ')[0] ?? '');
        const form = new FormData();
        form.set('title', `remote ${i}`);
        form.set('file', new Blob([await readFile(file)], { type: 'video/mp4' }), `video-${i}.mp4`);
        const response = await fetch(`${url}/v1/entries`, { method: 'POST', headers: auth, body: form });
        expect(response.status, await response.clone().text()).toBe(201);
        entryIds.push(((await response.json()) as { id: string }).id);
      }
      const ordered = await fetch(`${url}/v1/orders`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ entryIds, service: 'machine', feature: 'ocr', sourceLanguage: 'en', turnaroundTime: 'best_effort' }),
      });
      expect(ordered.status, await ordered.clone().text()).toBe(201);

      // two workers, each with its own data dir (and, as root, its own user that cannot read the API's)
      const workers = ['a', 'b'].map((name) => join(root, `worker-${name}`));
      for (const dir of workers) {
        await mkdir(dir);
        if (asRoot) await chown(dir, NOBODY, NOBODY);
        const worker = startCli(
          ['worker', '--api-url', url, '--concurrency', '1'],
          { ...shared, ONSCREEN_DATA_DIR: dir, HOME: dir },
          asRoot ? NOBODY : undefined,
        );
        procs.push(worker);
      }
      const log = () => procs.map((p) => p.output()).join('\n---\n');
      const statuses = async () =>
        Promise.all(
          entryIds.map(async (id) => {
            const { orders } = (await (await fetch(`${url}/v1/entries/${id}/orders`, { headers: auth })).json()) as {
              orders: { status: string; errorDetails?: string | null }[];
            };
            return orders[0]?.status ?? 'none';
          }),
        );
      const final = await waitFor(
        'the orders',
        async () => {
          const now = await statuses();
          return now.every((s) => s === 'ready' || s === 'error') ? now : undefined;
        },
        180_000,
        log,
      );
      expect(final, log()).toEqual(entryIds.map(() => 'ready'));

      // the workers read the media over HTTP from the API; a read the worker's ffmpeg cut short is counted
      // when its connection closes, which may come a moment after the order is ready
      let metrics = '';
      const servedNow = async () => {
        metrics = await (await fetch(`${url}/metrics`)).text();
        const mediaRequests = [
          ...metrics.matchAll(/http_requests_total\{[^}]*route="\/v1\/worker\/media\/:id"[^}]*status="(\d+)"\} (\d+)/g),
        ];
        const served = mediaRequests
          .filter(([, status]) => status === '200' || status === '206')
          .reduce((n, [, , count]) => n + Number(count), 0);
        return served >= VIDEOS ? served : undefined;
      };
      const served = await waitFor('the media reads in /metrics', servedNow, 15_000, () => metrics).catch(() => 0);
      expect(served, metrics).toBeGreaterThanOrEqual(VIDEOS);
      const readyLines = log().match(/ready: \d+ segments/g) ?? [];
      expect(readyLines).toHaveLength(VIDEOS);
      if (asRoot) {
        // the workers' user cannot even list the API's data dir
        const { stdout } = await promisify(execFile)(
          process.execPath,
          ['-e', `require('fs').readdir(${JSON.stringify(apiDir)}, (e) => console.log(e ? e.code : 'readable'))`],
          {
            uid: NOBODY,
            gid: NOBODY,
          },
        );
        expect(stdout.trim()).toBe('EACCES');
      }

      // search through the API finds each video's text
      for (const word of words) {
        const found = (await (await fetch(`${url}/v1/search?q=${encodeURIComponent(word)}`, { headers: auth })).json()) as {
          entries: { entryId: string }[];
        };
        expect(found.entries.length, word).toBeGreaterThan(0);
      }

      for (const p of procs) p.child.kill('SIGTERM');
      expect(await Promise.all(procs.map((p) => p.exited))).toEqual(procs.map(() => 0));
    });
  });
}
