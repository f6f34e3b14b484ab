/**
 * Load 2c: a 2-hour generated slide deck (lib/videos.ts cachedLongDeck, cached in reliability/.cache)
 * extracted in this process,
 * RSS sampled every 500 ms (tesseract.js runs in worker threads, so its memory is in this RSS;
 * ffmpeg is a child process and is not). Invariant: RSS is flat over the second half — the mean of
 * its last quarter is within 15 % of the mean of its first quarter. Peak RSS and the wall time as a
 * multiple of ffmpeg's decode-only time on the same file (measured in the same run) are reported.
 */
import { createOcrPool, extractSegments, resolveFfmpeg } from '@onscreen/indexer';
import { decodeOnlyMs, sampleMemory } from '../../../benchmarks/src/decode-baseline.js';
import { createChecks, envInt, round1 } from '../lib/harness.js';
import { cachedLongDeck } from '../lib/videos.js';

const DURATION_S = envInt('LONG_VIDEO_S', 7_200);
const MAX_GROWTH = 0.15;
const MiB = 1024 * 1024;

const checks = createChecks('long-video');
const generatedMs = performance.now();
const file = await cachedLongDeck(DURATION_S);
const generationS = round1((performance.now() - generatedMs) / 1000);
const ffmpegPath = resolveFfmpeg().path;
const decodeMs = await decodeOnlyMs(ffmpegPath, file);
const pool = await createOcrPool({ languages: 'eng' });
const memory = sampleMemory(500);
const startedMs = performance.now();
try {
  const result = await extractSegments(file, { pool, ffmpegPath });
  const wallMs = performance.now() - startedMs;
  const { peakRssBytes, secondHalfGrowth } = memory.stop();
  checks.check(result.segments.length > 0, `segments extracted (${result.segments.length})`);
  checks.check(
    secondHalfGrowth !== null && secondHalfGrowth <= MAX_GROWTH,
    `RSS flat over the second half (growth ${secondHalfGrowth === null ? 'n/a' : `${round1(secondHalfGrowth * 100)} %`}, limit ${MAX_GROWTH * 100} %)`,
  );
  const ok = await checks.finish({
    videoS: DURATION_S,
    generationS: generationS > 1 ? generationS : 'cached',
    segments: result.segments.length,
    framesDecoded: result.stats.framesDecoded,
    framesOcred: result.stats.framesOcred,
    wallS: round1(wallMs / 1000),
    decodeOnlyS: round1(decodeMs / 1000),
    wallOverDecode: round1(wallMs / decodeMs),
    peakRssMiB: Math.round(peakRssBytes / MiB),
    secondHalfGrowthPercent: secondHalfGrowth === null ? null : round1(secondHalfGrowth * 100),
  });
  process.exitCode = ok ? 0 : 1;
} finally {
  memory.stop();
  await pool.close();
}
