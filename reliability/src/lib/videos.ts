import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveFfmpeg, runProcess } from '@onscreen/indexer';
import { makeVideo, slideDeck } from '@onscreen/testkit';
import { useTestkitBinaries } from './testkit-binaries.js';

/** reliability/.cache (gitignored): generated videos that take minutes to make. */
useTestkitBinaries();

export const CACHE_DIR = fileURLToPath(new URL('../../.cache', import.meta.url));

/** A slide deck of `durationS` seconds, generated once and kept in the cache. */
export async function cachedSlideDeck(durationS: number, slideS?: number, seed = 7): Promise<string> {
  const file = join(CACHE_DIR, `slides-${durationS}s-${slideS ?? 'default'}-${seed}.mp4`);
  if (existsSync(file)) return file;
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.partial.mp4`;
  await makeVideo(slideDeck({ durationS, seed, ...(slideS === undefined ? {} : { slideS }) }), partial);
  await rename(partial, file);
  return file;
}

/**
 * A long slide deck made fast: a 4-minute deck (one slide a minute) repeated with ffmpeg's concat
 * demuxer and stream copy. Rendering 2 hours directly took over an hour on the shared 2-core machine;
 * the copy has the same shape for the extractor (every frame decoded, one new text state a minute).
 */
export async function cachedLongDeck(durationS: number): Promise<string> {
  const pieceS = 240;
  const file = join(CACHE_DIR, `slides-${durationS}s-concat.mp4`);
  if (existsSync(file)) return file;
  const piece = await cachedSlideDeck(pieceS, 60);
  const list = join(CACHE_DIR, `concat-${durationS}.txt`);
  await writeFile(list, Array.from({ length: Math.ceil(durationS / pieceS) }, () => `file '${piece}'\n`).join(''));
  const partial = `${file}.partial.mp4`;
  const result = await runProcess(resolveFfmpeg().path, [
    '-hide_banner',
    '-nostdin',
    '-v',
    'error',
    '-y',
    '-f',
    'concat',
    '-safe',
    '0',
    '-i',
    list,
    '-c',
    'copy',
    partial,
  ]);
  if (result.exitCode !== 0) throw new Error(`ffmpeg concat failed: ${result.stderrTail}`);
  await rename(partial, file);
  return file;
}
