/**
 * `pnpm bench:corpus-real --from <dir>` (or ONSCREEN_REAL_CORPUS_FROM=<dir>): assembles the real-world
 * corpus in the benchmark cache from a folder of repository snapshots or plain files, checking every
 * clip's sha256 and burning in the subtitles where the manifest says so. `--sources` rewrites
 * real-corpus/SOURCES.md from the manifest.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveFfmpeg, resolveFfprobe } from '@onscreen/indexer';
import { probeFile, testkitBinaryEnv } from '@onscreen/testkit';
import { burnInSubtitles } from './burn-in.js';
import { locateFile } from './locate.js';
import { cachedClipName, loadRealManifest, REAL_CACHE_DIR, REAL_CORPUS_DIR, type RealClip } from './manifest.js';
import { sourcesMarkdown } from './sources-md.js';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    only: { type: 'string' },
    force: { type: 'boolean', default: false },
    sources: { type: 'boolean', default: false },
  },
});

async function collect(clip: RealClip, from: string, ffmpegPath: string): Promise<string> {
  const out = join(REAL_CACHE_DIR, cachedClipName(clip));
  if (existsSync(out) && !values.force) return 'cached';
  const found = await locateFile(from, clip.source, clip.sha256);
  if (!('bytes' in found)) throw new Error(`not found with sha256 ${clip.sha256}; tried:\n    ${found.tried.join('\n    ')}`);
  if (clip.burnIn === undefined) {
    await writeFile(out, found.bytes);
    return `from ${found.where}`;
  }
  const subtitles = await locateFile(from, clip.burnIn, clip.burnIn.sha256);
  if (!('bytes' in subtitles)) throw new Error(`subtitles not found; tried:\n    ${subtitles.tried.join('\n    ')}`);
  await burnInSubtitles(ffmpegPath, found.bytes, subtitles.bytes, clip.burnIn, `${out}.tmp.mp4`);
  const probed = await probeFile(`${out}.tmp.mp4`);
  await rename(`${out}.tmp.mp4`, out);
  return `from ${found.where}, subtitles ${subtitles.where} burnt in (${probed.durationS.toFixed(1)} s)`;
}

async function main(): Promise<number> {
  const clips = (await loadRealManifest()).filter((c) => values.only === undefined || c.id.includes(values.only));
  if (values.sources) {
    await writeFile(join(REAL_CORPUS_DIR, 'SOURCES.md'), sourcesMarkdown(clips));
    process.stdout.write(`wrote ${join(REAL_CORPUS_DIR, 'SOURCES.md')} (${clips.length} clips)\n`);
    return 0;
  }
  const fromFlag = values.from ?? process.env.ONSCREEN_REAL_CORPUS_FROM;
  if (fromFlag === undefined || fromFlag === '') {
    process.stderr.write('Give the folder of snapshots with --from <dir> or ONSCREEN_REAL_CORPUS_FROM (see benchmarks/README.md).\n');
    return 2;
  }
  const from = resolve(fromFlag);
  await mkdir(REAL_CACHE_DIR, { recursive: true });
  const ffmpegPath = resolveFfmpeg().path;
  Object.assign(process.env, testkitBinaryEnv({ ffmpegPath, ffprobePath: resolveFfprobe({ ffmpegPath }).path }));
  let failed = 0;
  for (const clip of clips) {
    try {
      const how = await collect(clip, from, ffmpegPath);
      process.stdout.write(`ok    ${clip.id}: ${how}\n`);
    } catch (error) {
      failed += 1;
      process.stdout.write(
        `MISS  ${clip.id} (${clip.source.repo}@${clip.source.commit.slice(0, 12)}:${clip.source.path}): ${(error as Error).message}\n`,
      );
    }
  }
  process.stdout.write(`\n${clips.length - failed} of ${clips.length} clips in ${REAL_CACHE_DIR}\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
