import type { ExtractedSegment } from '@onscreen/core';
import { isJunkLine, normalizeText, type OcrPool, probeMedia } from '@onscreen/indexer';
import { probeFile } from '@onscreen/testkit';
import { decodeForNaive, isAnimatedWebpFile } from './naive-decode.js';

/**
 * The approach onscreen is measured against: OCR every frame at 1 fps with the same workers, and
 * join a line with the same text in the next second into one segment. It reads whatever ffmpeg reads
 * (its probe has no format whitelist), so a clip onscreen refuses still has a naive figure; an animated
 * WebP, which ffmpeg reads nothing of, is probed and decoded by onscreen's WebP reader.
 */
async function probedByFfmpeg(file: string): Promise<{ width: number; height: number; durationMs: number }> {
  const probed = await probeFile(file);
  if (probed.video === undefined) throw new Error(`${file} has no video stream`);
  return { width: probed.video.width, height: probed.video.height, durationMs: Math.round(probed.durationS * 1000) };
}

export async function naiveExtract(file: string, pool: OcrPool, paths: { ffmpegPath: string; ffprobePath: string }) {
  const started = performance.now();
  const media = (await isAnimatedWebpFile(file)) ? await probeMedia(file, { ffprobePath: paths.ffprobePath }) : await probedByFfmpeg(file);
  const fps = 1;
  const results: Array<Promise<{ timeMs: number; lines: ExtractedSegment[] }>> = [];
  let framesDecoded = 0;
  for await (const frame of decodeForNaive(paths.ffmpegPath, file, media, fps)) {
    framesDecoded += 1;
    const recognized = pool.recognize(frame).then((lines) => ({
      timeMs: frame.timeMs,
      lines: lines
        .filter((l) => !isJunkLine(l, 0.6))
        .map((l) => ({
          text: l.text,
          startMs: frame.timeMs,
          endMs: frame.timeMs + 1000,
          confidence: l.confidence,
          bbox: { x: l.left / frame.width, y: l.top / frame.height, w: l.width / frame.width, h: l.height / frame.height },
        })),
    }));
    results.push(recognized);
    if (results.length % (pool.size * 2) === 0) await recognized;
  }
  const open = new Map<string, ExtractedSegment>();
  const segments: ExtractedSegment[] = [];
  for (const { timeMs, lines } of await Promise.all(results)) {
    for (const line of lines) {
      const key = normalizeText(line.text);
      const current = open.get(key);
      if (current !== undefined && current.endMs >= timeMs) current.endMs = timeMs + 1000;
      else {
        const fresh = { ...line };
        open.set(key, fresh);
        segments.push(fresh);
      }
    }
  }
  return {
    segments,
    stats: { framesDecoded, framesOcred: framesDecoded, elapsedMs: Math.round(performance.now() - started) },
    durationMs: media.durationMs,
  };
}
