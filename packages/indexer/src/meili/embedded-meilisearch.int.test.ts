import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ErrorCode } from '@onscreen/core';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedMeilisearch } from './embedded-meilisearch.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'onscreen-embedded-test-'));
  dirs.push(dir);
  return dir;
}

/** Alive and not a zombie (an orphan that init has not reaped yet has exited all the same). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('embedded Meilisearch', () => {
  it('starts on a free port with a generated key, refuses a second process on its data dir, and closes idempotently', async () => {
    const dataDir = await tempDir();
    const meili = await startEmbeddedMeilisearch({ dataDir });
    expect(meili.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Buffer.byteLength(meili.masterKey)).toBeGreaterThanOrEqual(16);
    expect(isRunning(meili.pid)).toBe(true);
    const health = await fetch(`${meili.url}/health`);
    expect(await health.json()).toEqual({ status: 'available' });
    const unauthorised = await fetch(`${meili.url}/indexes`);
    expect(unauthorised.status).toBe(401);

    const second = await startEmbeddedMeilisearch({ dataDir }).catch((e: unknown) => e);
    expect((second as { code?: string }).code).toBe(ErrorCode.MEILI_UNAVAILABLE);
    expect((second as { details?: { ownerPid?: number } }).details?.ownerPid).toBe(meili.pid);

    const first = meili.close();
    expect(meili.close()).toBe(first);
    await first;
    await meili[Symbol.asyncDispose]();
    expect(isRunning(meili.pid)).toBe(false);
    expect(() => process.kill(meili.pid, 0)).toThrow();

    // The directory is free again, and the data survived.
    const again = await startEmbeddedMeilisearch({ dataDir });
    expect(again.pid).not.toBe(meili.pid);
    await again.close();
  });

  it('takes a master key that begins with "-" (one generated key in 32 does) as the key, not as a flag', async () => {
    const masterKey = '-q_d1b2c3d4e5f6g7h8i9j0';
    const meili = await startEmbeddedMeilisearch({ dataDir: await tempDir(), masterKey });
    try {
      const keyed = await fetch(`${meili.url}/indexes`, { headers: { authorization: `Bearer ${masterKey}` } });
      expect(keyed.status).toBe(200);
      expect((await fetch(`${meili.url}/indexes`, { headers: { authorization: 'Bearer q_d1b2c3d4e5f6g7h8i9j0' } })).status).toBe(403);
    } finally {
      await meili.close();
    }
  });

  it('never puts the master key on the command line (every user of the machine can read it there): it is in the environment', async () => {
    const masterKey = 'visible-only-to-its-user-0123456789';
    const meili = await startEmbeddedMeilisearch({ dataDir: await tempDir(), masterKey });
    try {
      const argv = readFileSync(`/proc/${meili.pid}/cmdline`, 'utf8').split('\0');
      expect(argv.join(' ')).not.toContain(masterKey);
      expect(argv).toEqual(expect.arrayContaining(['--env', 'production']));
      const environ = readFileSync(`/proc/${meili.pid}/environ`, 'utf8').split('\0').filter(Boolean);
      expect(environ).toEqual([`MEILI_MASTER_KEY=${masterKey}`]);
      expect((await fetch(`${meili.url}/indexes`, { headers: { authorization: `Bearer ${masterKey}` } })).status).toBe(200);
    } finally {
      await meili.close();
    }
  });

  it('runs with bounded indexing memory and threads (512MiB and half the cores unless told), and refuses a bad size before starting', async () => {
    const defaults = await startEmbeddedMeilisearch({ dataDir: await tempDir() });
    const told = await startEmbeddedMeilisearch({ dataDir: await tempDir(), maxIndexingMemory: '1GiB', maxIndexingThreads: 1 });
    try {
      const argv = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const half = String(Math.max(1, Math.floor(availableParallelism() / 2)));
      expect(argv(defaults.pid)).toEqual(expect.arrayContaining(['--max-indexing-memory', '512MiB', '--max-indexing-threads', half]));
      expect(argv(told.pid)).toEqual(expect.arrayContaining(['--max-indexing-memory', '1GiB', '--max-indexing-threads', '1']));
    } finally {
      await defaults.close();
      await told.close();
    }
    await expect(startEmbeddedMeilisearch({ dataDir: await tempDir(), maxIndexingMemory: 'lots' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(startEmbeddedMeilisearch({ dataDir: await tempDir(), maxIndexingThreads: 0 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('runs below this process’s CPU priority, every thread of it (nice 10 unless told), so searches cannot starve OCR', async () => {
    const niceOf = (pid: number) =>
      readdirSync(`/proc/${pid}/task`).map((tid) =>
        Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]),
      );
    const defaults = await startEmbeddedMeilisearch({ dataDir: await tempDir() });
    const told = await startEmbeddedMeilisearch({ dataDir: await tempDir(), nice: 3 });
    try {
      const threads = niceOf(defaults.pid);
      expect(threads.length).toBeGreaterThan(1);
      expect(new Set(threads)).toEqual(new Set([10]));
      expect(new Set(niceOf(told.pid))).toEqual(new Set([3]));
    } finally {
      await defaults.close();
      await told.close();
    }
    await expect(startEmbeddedMeilisearch({ dataDir: await tempDir(), nice: 20 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('takes over from the Meilisearch a crashed process left behind (kill -9 of its parent)', async () => {
    const dataDir = await tempDir();
    const module = fileURLToPath(new URL('./embedded-meilisearch.ts', import.meta.url));
    const script = `const { startEmbeddedMeilisearch } = await import(${JSON.stringify(module)});
      const m = await startEmbeddedMeilisearch({ dataDir: ${JSON.stringify(dataDir)} });
      console.log(m.pid); setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const orphanPid = Number(await new Promise<string>((resolve) => createInterface({ input: parent.stdout! }).once('line', resolve)));
    expect(isRunning(orphanPid)).toBe(true);
    parent.kill('SIGKILL');
    await new Promise((resolve) => parent.once('exit', resolve));
    // Meilisearch outlives its parent: the data directory's lock names a live process.
    expect(isRunning(orphanPid)).toBe(true);

    const meili = await startEmbeddedMeilisearch({ dataDir });
    try {
      expect(isRunning(orphanPid)).toBe(false);
      expect(meili.pid).not.toBe(orphanPid);
      expect((await fetch(`${meili.url}/health`)).status).toBe(200);
    } finally {
      await meili.close();
    }
  });

  it('a port another process holds fails with the child’s own error line', async () => {
    const holder = await startEmbeddedMeilisearch({ dataDir: await tempDir() });
    try {
      const port = Number(new URL(holder.url).port);
      const error = (await startEmbeddedMeilisearch({ dataDir: await tempDir(), port }).catch((e: unknown) => e)) as {
        code?: string;
        message: string;
      };
      expect(error.code).toBe(ErrorCode.MEILI_UNAVAILABLE);
      expect(error.message).toMatch(/Address already in use/);
    } finally {
      await holder.close();
    }
  });

  it('a missing binary names MEILI_URL and MEILI_MASTER_KEY as the alternative', async () => {
    const error = (await startEmbeddedMeilisearch({ dataDir: await tempDir(), binaryPath: join(tmpdir(), 'no-such-meilisearch') }).catch(
      (e: unknown) => e,
    )) as { code?: string; message: string };
    expect(error.code).toBe(ErrorCode.MEILI_UNAVAILABLE);
    expect(error.message).toMatch(/MEILI_URL and MEILI_MASTER_KEY/);
  });

  it('an aborted start kills the child and reports ABORTED', async () => {
    const controller = new AbortController();
    const started = startEmbeddedMeilisearch({ dataDir: await tempDir(), signal: controller.signal });
    controller.abort();
    const error = (await started.catch((e: unknown) => e)) as { code?: string };
    expect(error.code).toBe(ErrorCode.ABORTED);
  });
});

describe('embedded Meilisearch under supervision', () => {
  it('is restarted on the same URL and key when its process is killed, reports why it is down meanwhile, and stays down after close', async () => {
    const dataDir = await tempDir();
    const statuses: string[] = [];
    const meili = await startEmbeddedMeilisearch({ dataDir, onStatus: (s) => statuses.push(s.running ? 'running' : `down: ${s.reason}`) });
    const version = () =>
      fetch(`${meili.url}/version`, { headers: { authorization: `Bearer ${meili.masterKey}` }, signal: AbortSignal.timeout(2_000) }).then(
        (r) => r.status,
        () => 0,
      );
    try {
      for (let kill = 1; kill <= 3; kill += 1) {
        const pid = meili.pid;
        process.kill(pid, 'SIGKILL');
        const killedAt = performance.now();
        while (meili.status().running) await new Promise((r) => setTimeout(r, 10));
        expect(meili.status()).toMatchObject({ running: false, reason: 'Meilisearch was stopped by SIGKILL', restarts: kill - 1 });
        while (!meili.status().running) await new Promise((r) => setTimeout(r, 25));
        expect(await version()).toBe(200);
        console.info(`[embedded] kill ${kill}: answering again after ${Math.round(performance.now() - killedAt)} ms`);
        expect(meili.pid).not.toBe(pid);
        expect(isRunning(pid)).toBe(false);
        expect(meili.restarts).toBe(kill);
      }
      expect(statuses.filter((s) => s === 'running')).toHaveLength(3);
    } finally {
      await meili.close();
    }
    const last = meili.pid;
    await new Promise((r) => setTimeout(r, 600));
    expect(isRunning(last)).toBe(false);
    expect(meili.restarts).toBe(3);
    expect(await version()).toBe(0);
  });
});
