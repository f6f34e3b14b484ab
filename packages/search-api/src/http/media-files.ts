import { randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import type { EntryRecord, OnscreenStore } from '@onscreen/store';
import { thumbnailDir } from './thumbnails.js';

export const mediaDir = (dataDir: string) => join(dataDir, 'media');

/** The client's extension, for messages only ("upload.mp4"): stored names take the probed container's. */
export function clientExtension(fileName: string | undefined): string {
  const ext = extname(fileName ?? '').toLowerCase();
  return /^\.[a-z0-9]{1,5}$/.test(ext) ? ext : '';
}

export function newEntryId(): string {
  return `ent_${randomBytes(9).toString('base64url')}`;
}

/** Removes an entry's media file (when it lives in the data dir) and its cached thumbnails. */
export async function removeEntryFiles(dataDir: string, entry: Pick<EntryRecord, 'id' | 'filePath'>): Promise<void> {
  await rm(thumbnailDir(dataDir, entry.id), { recursive: true, force: true });
  if (entry.filePath !== null && dirname(entry.filePath) === mediaDir(dataDir)) await rm(entry.filePath, { force: true });
}

/**
 * Removes what an interrupted upload left in the media folder: `.part` files, and stored files no entry
 * points to (a process killed between storing the file and recording the entry, or between deleting an
 * entry and removing its file); the `.part` files of thumbnails a killed process was making, and the
 * thumbnails of entries that no longer exist. Only files older than `minAgeMs`, so work still in progress
 * in another process is left alone, and nothing of an entry for which `keep(entryId)` says yes (the
 * search outbox still has to remove it from the index: it removes the files itself). Returns how many went.
 */
export async function sweepOrphanMedia(
  dataDir: string,
  store: Pick<OnscreenStore, 'getEntry'>,
  minAgeMs = 10 * 60_000,
  keep: (entryId: string) => Promise<boolean> = async () => false,
): Promise<number> {
  const dir = mediaDir(dataDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  const gone = async (id: string) => (await store.getEntry(id)) === null && !(await keep(id));
  let removed = 0;
  for (const name of names) {
    const file = join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info === null || !info.isFile() || Date.now() - info.mtimeMs < minAgeMs) continue;
    const id = name.endsWith('.part') ? null : name.replace(/\.[^.]*$/, '');
    if (id !== null && !(await gone(id))) continue;
    await rm(file, { force: true });
    removed += 1;
  }
  const thumbnails = join(dataDir, 'thumbnails');
  for (const entryDir of await readdir(thumbnails).catch(() => [] as string[])) {
    const info = await stat(join(thumbnails, entryDir)).catch(() => null);
    if (info?.isDirectory() && Date.now() - info.mtimeMs >= minAgeMs && (await gone(entryDir))) {
      await rm(join(thumbnails, entryDir), { recursive: true, force: true });
      removed += 1;
      continue;
    }
    for (const name of await readdir(join(thumbnails, entryDir)).catch(() => [] as string[])) {
      if (!name.endsWith('.part')) continue;
      const file = join(thumbnails, entryDir, name);
      const part = await stat(file).catch(() => null);
      if (part === null || !part.isFile() || Date.now() - part.mtimeMs < minAgeMs) continue;
      await rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}
