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
