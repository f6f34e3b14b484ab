import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OnscreenError } from '@onscreen/core';
import { extractSegments, type ExtractStats, type OcrPool } from '@onscreen/indexer';
import { decodeOnlyMs } from '../decode-baseline.js';
import { naiveExtract } from '../naive-baseline.js';
import { type RealScore, scoreRealSegments } from '../score.js';
import { cachedClipName, REAL_CACHE_DIR, type RealClip, type RealKind } from './manifest.js';

/** recall < naive − this flags a video: the guarantee is never to know less than the naive reader. */
export const NAIVE_MARGIN = 0.01;

export interface RealVideoResult {
  id: string;
  kind: RealKind;
  repo: string;
  format: string;
  width: number;
  height: number;
  durationMs: number;
  /** `refused`: onscreen would not read the clip (it counts as 0 recall); `error`: the benchmark itself failed. */
  status: 'read' | 'refused';
  refusal: { code: string; message: string } | null;
  decodeOnlyMs: number;
  stats: ExtractStats | null;
  score: RealScore;
  naive: { elapsedMs: number; framesOcred: number; score: RealScore } | null;
  /** Why the naive reader has no figure, when it failed. */
  naiveError: string | null;
  /** recall < naive recall − NAIVE_MARGIN */
  belowNaive: boolean;
}

export interface RealRunOptions {
  pool: OcrPool;
  ffmpegPath: string;
  ffprobePath: string;
  naive: boolean;
  log: (text: string) => void;
}

/** The clips of the manifest that the collector has put in the cache, and those it has not. */
export function collectedClips(clips: readonly RealClip[]): { ready: Array<{ clip: RealClip; file: string }>; missing: RealClip[] } {
  const ready: Array<{ clip: RealClip; file: string }> = [];
  const missing: RealClip[] = [];
  for (const clip of clips) {
    const file = join(REAL_CACHE_DIR, cachedClipName(clip));
    if (existsSync(file)) ready.push({ clip, file });
    else missing.push(clip);
  }
  return { ready, missing };
}

/** Reads one real clip with onscreen and with the naive 1 fps reader, and scores both against its truth. */
export async function runRealClip(clip: RealClip, file: string, options: RealRunOptions): Promise<RealVideoResult> {
  const durationMs = clip.burnIn === undefined ? clip.media.durationMs : clip.burnIn.toMs - clip.burnIn.fromMs;
  const decodeMs = await decodeOnlyMs(options.ffmpegPath, file);
  let stats: ExtractStats | null = null;
  let refusal: RealVideoResult['refusal'] = null;
  let score: RealScore;
  try {
    const ours = await extractSegments(file, { pool: options.pool, ffmpegPath: options.ffmpegPath, ffprobePath: options.ffprobePath });
    stats = ours.stats;
    score = scoreRealSegments(clip.lines, ours.segments, durationMs);
  } catch (error) {
    if (!(error instanceof OnscreenError)) throw error;
    refusal = { code: error.code, message: error.message };
    score = scoreRealSegments(clip.lines, [], durationMs);
  }
  let naive: RealVideoResult['naive'] = null;
  let naiveError: string | null = null;
  if (options.naive) {
    try {
      const run = await naiveExtract(file, options.pool, { ffmpegPath: options.ffmpegPath, ffprobePath: options.ffprobePath });
      naive = {
        elapsedMs: run.stats.elapsedMs,
        framesOcred: run.stats.framesOcred,
        score: scoreRealSegments(clip.lines, run.segments, durationMs),
      };
    } catch (error) {
      naiveError = (error as Error).message;
    }
  }
  return {
    id: clip.id,
    kind: clip.kind,
    repo: clip.source.repo,
    format: clip.burnIn === undefined ? clip.media.format : 'mp4',
    width: clip.media.width,
    height: clip.media.height,
    durationMs,
    status: refusal === null ? 'read' : 'refused',
    refusal,
    decodeOnlyMs: Math.round(decodeMs),
    stats,
    score,
    naive,
    naiveError,
    belowNaive: naive !== null && score.recallFuzzy < naive.score.recallFuzzy - NAIVE_MARGIN,
  };
}

/** Runs every collected clip in turn (one at a time: the OCR pool is shared). */
export async function runRealCorpus(
  clips: readonly RealClip[],
  options: RealRunOptions,
): Promise<{ results: RealVideoResult[]; missing: RealClip[] }> {
  const { ready, missing } = collectedClips(clips);
  if (missing.length > 0)
    options.log(`\nreal corpus: ${missing.length} of ${clips.length} clips not collected (run \`pnpm bench:corpus-real --from <dir>\`)`);
  const results: RealVideoResult[] = [];
  for (const { clip, file } of ready) {
    options.log(`\n${clip.id} [${clip.kind}]…`);
    const result = await runRealClip(clip, file, options);
    results.push(result);
    const naive = result.naive === null ? '' : `, naive ${(result.naive.score.recallFuzzy * 100).toFixed(0)}%`;
    const refused = result.refusal === null ? '' : ` REFUSED ${result.refusal.code}`;
    options.log(
      ` recall ${(result.score.recallFuzzy * 100).toFixed(0)}% of ${result.score.truthLines}${naive}${refused}${result.belowNaive ? ' BELOW NAIVE' : ''}`,
    );
  }
  return { results, missing };
}
