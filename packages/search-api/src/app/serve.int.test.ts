import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createMeiliClient } from '@onscreen/indexer';
import { openSqliteStore } from '@onscreen/store';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CliContext } from '../cli/context.js';
import { runCli } from '../cli/main.js';

/** `onscreen serve` as a user runs it: demo data, the printed URL and token, Ctrl-C, and a restart that keeps the data. */
let dataDir: string;
const indexUid = `serve_${process.pid}_${Date.now()}`;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'onscreen-serve-'));
});
afterAll(async () => {
  const meili = createMeiliClient({ url: inject('meiliUrl'), apiKey: inject('meiliMasterKey') });
  for (const uid of [indexUid, `${indexUid}_proc`]) {
    await meili.client
      .deleteIndex(uid)
      .waitTask()
      .catch(() => {});
  }
  await meili.close();
  await rm(dataDir, { recursive: true, force: true });
});

type EntryList = { total: number; entries: { id: string; visibility: string; latestOrder: { status: string } | null }[] };
const getJson = async <T>(url: string, token: string) =>
  (await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).json()) as T;

/** Runs `onscreen serve` until it prints its URL, lets `whileRunning` use it, then interrupts it like Ctrl-C. */
async function serveOnce(args: string[], whileRunning: (url: string, token: string) => Promise<void>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => {
    out += chunk;
  });
  stderr.on('data', (chunk) => {
    err += chunk;
  });
  const controller = new AbortController();
  const env = {
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliMasterKey'),
    ONSCREEN_MEILI_INDEX: indexUid,
    ONSCREEN_LOG_LEVEL: 'silent',
  };
  const ctx = {
    argv0: 'onscreen',
    env,
    cwd: dataDir,
    stdout,
    stderr: stderr as unknown as NodeJS.WriteStream,
    signal: controller.signal,
  } satisfies CliContext;
  const exit = runCli(['serve', '--port', '0', '--data-dir', dataDir, ...args], ctx);
  const started = performance.now();
  while (!out.includes('Press Ctrl-C')) {
    if (performance.now() - started > 60_000) throw new Error(`serve did not start:\n${out}\n${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const [, url, token] = /running at (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/.exec(out) ?? [];
  try {
    await whileRunning(url ?? '', decodeURIComponent(token ?? ''));
  } finally {
    controller.abort(new Error('interrupted'));
  }
  const t0 = performance.now();
  const code = await exit;
  return { code, out, err, stopMs: performance.now() - t0 };
}

describe('onscreen serve', () => {
  let firstToken = '';

  it('starts with demo data, prints the URL and the token, and stops cleanly on Ctrl-C', async () => {
    const run = await serveOnce([], async (url, token) => {
      firstToken = token;
      const entries = await getJson<EntryList>(`${url}/v1/entries`, token);
      expect(entries.entries.map((e) => [e.id, e.visibility]).sort()).toEqual([
        ['demo-sample', 'published'],
        ['demo-sample-private', 'private'],
      ]);
      expect(entries.entries.every((e) => e.latestOrder !== null)).toBe(true);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
    });
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain(`Demo admin token: ${firstToken}`);
    expect(run.err).toContain('Added the sample video (demo-sample, demo-sample-private) and ordered OCR for it.');
    console.info(`serve: stopped ${run.stopMs.toFixed(0)} ms after Ctrl-C (worker mid-OCR)`);
  });

  it('keeps the data on a second start: same token, no duplicate demo entries or orders', async () => {
    const run = await serveOnce([], async (url, token) => {
      expect(token).toBe(firstToken);
      const entries = await getJson<EntryList>(`${url}/v1/entries`, token);
      expect(entries.total).toBe(2);
      for (const id of ['demo-sample', 'demo-sample-private']) {
        const { orders } = await getJson<{ orders: unknown[] }>(`${url}/v1/entries/${id}/orders`, token);
        expect(orders).toHaveLength(1);
      }
    });
    expect(run.code, run.err).toBe(0);
    expect(run.err).not.toContain('Added the sample video');
    // everything is closed: the SQLite file opens again with no lock held
    const store = await openSqliteStore({ file: join(dataDir, 'onscreen.sqlite') });
    expect((await store.listEntries('demo-admin')).total).toBe(2);
    await store.close();
  });

  it('refuses a bad configuration with one clear line per value', async () => {
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (c) => {
      err += c;
    });
    const ctx = {
      argv0: 'onscreen',
      env: { ONSCREEN_PORT: 'http' },
      cwd: dataDir,
      stdout: new PassThrough(),
      stderr: stderr as unknown as NodeJS.WriteStream,
      signal: new AbortController().signal,
    };
    expect(await runCli(['serve', '--host', 'bad host!'], ctx)).toBe(2);
    expect(err).toContain('--port / ONSCREEN_PORT: must be a number');
    expect(err).toContain('--host / ONSCREEN_HOST: must be a host name or an IP address');
  });
});

describe('onscreen serve as a process', () => {
  it('stops with exit code 0 on Ctrl-C passed on twice more (the terminal, pnpm, npx), with a clean stderr', async () => {
    const { spawn } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const dir = await mkdtemp(join(tmpdir(), 'onscreen-serve-proc-'));
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', fileURLToPath(new URL('../cli/main.ts', import.meta.url)), 'serve', '--port', '0'],
      {
        env: {
          ...process.env,
          ONSCREEN_DATA_DIR: dir,
          MEILI_URL: inject('meiliUrl'),
          MEILI_MASTER_KEY: inject('meiliMasterKey'),
          ONSCREEN_MEILI_INDEX: `${indexUid}_proc`,
          ONSCREEN_LOG_LEVEL: 'silent',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      err += c;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const started = performance.now();
      // wait for the sample's OCR to finish, so its worker lines are on stderr too
      while (!err.includes('ready:') || !out.includes('Press Ctrl-C')) {
        if (performance.now() - started > 120_000) throw new Error(`serve did not get ready:\n${out}\n${err}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      child.kill('SIGINT');
      child.kill('SIGINT');
      child.kill('SIGTERM');
      expect(await exited, err).toBe(0);
      // order ids are base64url: letters, digits, "_" and "-"
      expect(err).toMatch(/^order ord_[\w-]+ ready: 15 segments/m);
      expect(err).not.toMatch(/diacritics|^\S+:\d+:[0-9a-f]{6} /m);
      expect(err).toMatch(/ffmpeg {7}\S+/);
      expect(err).toMatch(/languages {4}eng/);
    } finally {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('commands beside a running serve', () => {
  it('search and doctor on the data dir of a running serve use its embedded engine, no lock error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onscreen-shared-'));
    const streams = () => {
      const stream = new PassThrough();
      const text = { value: '' };
      stream.on('data', (c) => {
        text.value += c;
      });
      return { stream, text };
    };
    const out = streams();
    const err = streams();
    const controller = new AbortController();
    const ctxOf = (stdout: PassThrough, stderr: PassThrough, signal: AbortSignal): CliContext => ({
      argv0: 'onscreen',
      env: { ONSCREEN_LOG_LEVEL: 'silent', ONSCREEN_DATA_DIR: dir },
      cwd: dir,
      stdout,
      stderr: stderr as unknown as NodeJS.WriteStream,
      signal,
    });
    const serving = runCli(['serve', '--port', '0'], ctxOf(out.stream, err.stream, controller.signal));
    try {
      const started = performance.now();
      while (!err.text.value.includes('ready:') || (err.text.value.match(/ready:/g) ?? []).length < 2) {
        if (performance.now() - started > 120_000) throw new Error(`serve did not index the samples:\n${err.text.value}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const searchOut = streams();
      const searchErr = streams();
      const code = await runCli(['search', 'revnue', '--json'], ctxOf(searchOut.stream, searchErr.stream, new AbortController().signal));
      expect(code, searchErr.text.value).toBe(0);
      const response = JSON.parse(searchOut.text.value) as { entries: { entryId: string }[] };
      expect(response.entries.map((e) => e.entryId).sort()).toEqual(['demo-sample', 'demo-sample-private']);
      const doctorOut = streams();
      expect(await runCli(['doctor'], ctxOf(doctorOut.stream, streams().stream, new AbortController().signal))).toBe(0);
      expect(doctorOut.text.value).toContain('embedded, shared by a running onscreen serve');
    } finally {
      controller.abort(new Error('interrupted'));
      expect(await serving, err.text.value).toBe(0);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
