import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeVideo, slideDeck } from '@onscreen/testkit';

/** reliability/.cache (gitignored): generated videos that take minutes to make. */
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
