import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { mediaDir, sweepOrphanMedia } from './media-files.js';

let dataDir: string;
afterEach(() => rm(dataDir, { recursive: true, force: true }));

it('removes old .part files (uploads and thumbnails) and stored files no entry points to, and keeps the rest', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'onscreen-sweep-'));
  const dir = mediaDir(dataDir);
  await mkdir(dir, { recursive: true });
  const old = new Date(Date.now() - 3600_000);
  for (const name of ['ent_a.mp4', 'ent_b.mp4.part', 'ent_orphan.mp4', 'ent_new.mp4.part']) {
    await writeFile(join(dir, name), 'x');
    if (name !== 'ent_new.mp4.part') await utimes(join(dir, name), old, old);
  }
  // a thumbnail a killed process was making, an older finished one, and one being made now
  const thumbs = join(dataDir, 'thumbnails', 'ent_a');
  await mkdir(thumbs, { recursive: true });
  for (const name of ['1000.jpg', '2000.jpg.123.ab.part', '3000.jpg.456.cd.part']) {
    await writeFile(join(thumbs, name), 'x');
    if (name !== '3000.jpg.456.cd.part') await utimes(join(thumbs, name), old, old);
  }
  const store = { getEntry: async (id: string) => (id === 'ent_a' ? ({ id } as never) : null) };
  expect(await sweepOrphanMedia(dataDir, store)).toBe(3);
  expect((await readdir(dir)).sort()).toEqual(['ent_a.mp4', 'ent_new.mp4.part']);
  expect((await readdir(thumbs)).sort()).toEqual(['1000.jpg', '3000.jpg.456.cd.part']);
});

it("removes a deleted entry's file and thumbnails (a crash between delete and removal), unless the outbox still holds the entry", async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'onscreen-sweep-'));
  const dir = mediaDir(dataDir);
  await mkdir(dir, { recursive: true });
  const old = new Date(Date.now() - 3600_000);
  for (const id of ['ent_gone', 'ent_waiting', 'ent_live']) {
    await writeFile(join(dir, `${id}.webm`), 'x');
    await utimes(join(dir, `${id}.webm`), old, old);
    const thumbs = join(dataDir, 'thumbnails', id);
    await mkdir(thumbs, { recursive: true });
    await writeFile(join(thumbs, '0.jpg'), 'x');
    await utimes(thumbs, old, old);
  }
  const store = { getEntry: async (id: string) => (id === 'ent_live' ? ({ id } as never) : null) };
  // the outbox still has to take ent_waiting out of the index; it removes the files itself then
  expect(await sweepOrphanMedia(dataDir, store, 60_000, async (id) => id === 'ent_waiting')).toBe(2);
  expect((await readdir(dir)).sort()).toEqual(['ent_live.webm', 'ent_waiting.webm']);
  expect((await readdir(join(dataDir, 'thumbnails'))).sort()).toEqual(['ent_live', 'ent_waiting']);
});
