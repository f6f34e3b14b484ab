import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
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
      const fd = openSync(file, 'wx');
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
