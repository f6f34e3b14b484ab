/**
 * Writes the bundled demo video and its ground truth:
 *   packages/search-api/samples/onscreen-demo.mp4
 *   packages/search-api/samples/onscreen-demo.truth.json
 * Run from the repo root: node --conditions=source --import tsx scripts/make-samples.ts
 * The output is deterministic in content; commit it after running.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveFfmpeg, resolveFfprobe } from '../packages/indexer/src/index.js';
import { makeSampleVideo, testkitBinaryEnv } from '../packages/testkit/src/index.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const samplesDir = join(repoRoot, 'packages', 'search-api', 'samples');
const MAX_SIZE_BYTES = 400 * 1024;

async function main(): Promise<void> {
  const ffmpegPath = resolveFfmpeg().path;
  Object.assign(process.env, testkitBinaryEnv({ ffmpegPath, ffprobePath: resolveFfprobe({ ffmpegPath }).path }));
  await mkdir(samplesDir, { recursive: true });
  const videoFile = join(samplesDir, 'onscreen-demo.mp4');
  const truth = await makeSampleVideo(videoFile);
  await writeFile(join(samplesDir, 'onscreen-demo.truth.json'), `${JSON.stringify(truth, null, 2)}\n`, 'utf8');
  const { size } = await stat(videoFile);
  console.log(`${relative(repoRoot, videoFile)}: ${size} bytes, ${truth.durationMs} ms, ${truth.lines.length} lines`);
  if (size > MAX_SIZE_BYTES) throw new Error(`The demo video is ${size} bytes, over the ${MAX_SIZE_BYTES}-byte budget.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
