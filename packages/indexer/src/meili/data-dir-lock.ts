import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, OnscreenError } from '@onscreen/core';

/**
 * Meilisearch 1.21 does not lock its database directory: a second process on the same `--db-path`
 * starts and serves happily, and two writers corrupt each other. This lock file is ours.
 */
export interface DataDirLock {
  readonly file: string;
  /** Record the process that now holds the directory (the Meilisearch child, so an orphan still counts). */
  setOwner(pid: number): void;
  release(): void;
}

/** Whether `pid` runs; a zombie (exited, not yet reaped by its parent) counts as gone. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

function readOwner(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Take the lock or throw MEILI_UNAVAILABLE naming the live owner; a stale lock (dead pid) is taken over. */
export function acquireDataDirLock(file: string, ownerPid: number = process.pid): DataDirLock {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${ownerPid}\n`);
      closeSync(fd);
      let released = false;
      return {
        file,
        setOwner(pid) {
          if (!released) writeFileSync(file, `${pid}\n`);
        },
        release() {
          if (released) return;
          released = true;
          rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(file);
      if (owner !== undefined && isAlive(owner)) {
        throw new OnscreenError(
          ErrorCode.MEILI_UNAVAILABLE,
          `The Meilisearch data directory is already in use by process ${owner} (lock file ${file}). ` +
            'Two Meilisearch processes on one data directory corrupt it: stop the other one or use another directory.',
          { details: { lockFile: file, ownerPid: owner } },
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new OnscreenError(ErrorCode.MEILI_UNAVAILABLE, `Could not take the data directory lock ${file}.`);
}

/** The parent pid and argument list of a live process, from /proc (Linux); undefined elsewhere or when gone. */
function processInfo(pid: number): { ppid: number; argv: string[] } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return { ppid, argv };
  } catch {
    return undefined;
  }
}

/**
 * The lock's owner is a Meilisearch left behind by a process that crashed (kill -9 of `onscreen
 * serve` does not reach its child): alive, adopted by init (parent pid 1), serving exactly `dbPath`.
 * It is stopped (SIGTERM, then SIGKILL after `graceMs`) so the directory can be taken over; returns
 * its pid, or undefined when the owner is not such an orphan (then the lock decides as usual).
 */
export async function stopOrphanedOwner(file: string, dbPath: string, graceMs: number): Promise<number | undefined> {
  const owner = readOwner(file);
  if (owner === undefined || !isAlive(owner)) return undefined;
  const info = processInfo(owner);
  const dbArg = info?.argv.indexOf('--db-path') ?? -1;
  // when this process is pid 1 itself (a container's main process), init is us: such a child is ours and alive
  if (process.pid === 1 || info === undefined || info.ppid !== 1 || dbArg < 0 || info.argv[dbArg + 1] !== dbPath) return undefined;
  process.kill(owner, 'SIGTERM');
  for (const deadline = Date.now() + graceMs; isAlive(owner) && Date.now() < deadline; ) await sleep(50);
  if (isAlive(owner)) process.kill(owner, 'SIGKILL');
  for (const deadline = Date.now() + 2_000; isAlive(owner) && Date.now() < deadline; ) await sleep(20);
  return owner;
}
