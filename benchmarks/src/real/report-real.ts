import { REAL_KINDS, type RealClip } from './manifest.js';
import type { RealVideoResult } from './run-real.js';
import { NAIVE_MARGIN } from './run-real.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ms = (x: number | null) => (x === null ? '–' : `${Math.round(x)}`);
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

interface Totals {
  clips: number;
  lines: number;
  found: number;
  naiveFound: number | null;
  reads: number;
  naiveReads: number;
  wallOverDecode: number | null;
  belowNaive: number;
  refused: number;
  /** Sum of the naive reader's wall times ÷ sum of onscreen's, over the clips onscreen read (null without naive figures). */
  speedup: number | null;
}

/** Sum of the naive reader's wall times ÷ sum of onscreen's, over the clips both read. */
export function speedupOf(results: readonly RealVideoResult[]): number | null {
  const both = results.filter((r) => r.stats !== null && r.naive !== null);
  const ours = both.reduce((n, r) => n + (r.stats?.elapsedMs ?? 0), 0);
  const naive = both.reduce((n, r) => n + (r.naive?.elapsedMs ?? 0), 0);
  return both.length === 0 || ours === 0 ? null : naive / ours;
}

function totals(results: readonly RealVideoResult[]): Totals {
  const lines = results.reduce((n, r) => n + r.score.truthLines, 0);
  const withNaive = results.every((r) => r.naive !== null);
  return {
    clips: results.length,
    lines,
    found: results.reduce((n, r) => n + Math.round(r.score.recallFuzzy * r.score.truthLines), 0),
    naiveFound: withNaive ? results.reduce((n, r) => n + Math.round((r.naive?.score.recallFuzzy ?? 0) * r.score.truthLines), 0) : null,
    reads: results.reduce((n, r) => n + (r.stats?.framesOcred ?? 0), 0),
    naiveReads: results.reduce((n, r) => n + (r.naive?.framesOcred ?? 0), 0),
    wallOverDecode: median(results.filter((r) => r.stats !== null).map((r) => (r.stats?.elapsedMs ?? 0) / Math.max(1, r.decodeOnlyMs))),
    belowNaive: results.filter((r) => r.belowNaive).length,
    refused: results.filter((r) => r.status === 'refused').length,
    speedup: speedupOf(results),
  };
}

/** Start errors of every timed line found, pooled over the clips given (the median is over lines, not clips). */
function pooledMedianStartError(results: readonly RealVideoResult[]): number | null {
  return median(results.flatMap((r) => r.score.startErrorsMs));
}

function summaryRow(label: string, results: readonly RealVideoResult[]): string {
  const t = totals(results);
  const naive = t.naiveFound === null ? '–' : `${pct(t.naiveFound / Math.max(1, t.lines))} (${t.naiveFound})`;
  return `| ${label} | ${t.clips} | ${t.lines} | **${pct(t.found / Math.max(1, t.lines))}** (${t.found}) | ${naive} | ${t.reads} / ${t.naiveReads} | ${t.wallOverDecode === null ? '–' : t.wallOverDecode.toFixed(2)} | ${t.speedup === null ? '–' : `${t.speedup.toFixed(1)}×`} | ${ms(pooledMedianStartError(results))} | ${t.refused} | ${t.belowNaive} |`;
}

function videoRow(r: RealVideoResult): string {
  const naive = r.naive === null ? '–' : pct(r.naive.score.recallFuzzy);
  const reads = `${r.stats === null ? '–' : r.stats.framesOcred} / ${r.naive === null ? '–' : r.naive.framesOcred}`;
  const ratio = r.stats === null ? '–' : (r.stats.elapsedMs / Math.max(1, r.decodeOnlyMs)).toFixed(2);
  const speedup = r.stats === null || r.naive === null ? '–' : `${(r.naive.elapsedMs / Math.max(1, r.stats.elapsedMs)).toFixed(1)}×`;
  const status = r.refusal === null ? '' : ` **refused: ${r.refusal.code}**`;
  const flag = r.belowNaive ? ' **below naive**' : '';
  return `| ${r.id} | ${r.kind} | ${r.format} ${r.width}×${r.height} | ${(r.durationMs / 1000).toFixed(1)} s | ${r.score.truthLines} | ${pct(r.score.recallFuzzy)} / ${pct(r.score.recallExact)} | ${naive} | ${reads} | ${ratio} | ${speedup} | ${ms(r.score.medianStartErrorMs)} / ${ms(r.score.p90StartErrorMs)} (${r.score.timedLines}) |${status}${flag} |`;
}

/** The real-world corpus section of results/latest.md: per kind, per video, the flags and every line missed. */
export function realToMarkdown(results: readonly RealVideoResult[], missing: readonly RealClip[]): string {
  const out: string[] = ['## Real-world corpus', ''];
  if (results.length === 0) {
    out.push(`No clip collected (${missing.length} in the manifest): run \`pnpm bench:corpus-real --from <dir>\` first.`, '');
    return out.join('\n');
  }
  out.push(
    'Clips from public repositories, ground truth from their own sources (`real-corpus/`). Reads: frames (or bands) OCRed by onscreen / by the naive 1 fps reader. Start error over the lines whose source gives a start (their count in brackets).',
    '',
    '| kind | clips | lines | recall | naive 1 fps recall | reads (ours / naive) | wall ÷ decode-only (median) | speed-up vs naive (wall, summed) | start error p50 ms | refused | below naive |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const kind of REAL_KINDS) {
    const ofKind = results.filter((r) => r.kind === kind);
    if (ofKind.length > 0) out.push(summaryRow(kind, ofKind));
  }
  out.push(summaryRow('**all**', results), '');
  out.push(
    '| video | kind | format | length | lines | recall (fuzzy / exact) | naive recall | reads (ours / naive) | wall ÷ decode-only | speed-up vs naive | start error p50 / p90 ms (timed lines) | |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...results.map(videoRow),
    '',
  );
  const below = results.filter((r) => r.belowNaive);
  out.push(
    below.length === 0
      ? `No video below the naive reader (recall < naive − ${NAIVE_MARGIN}).`
      : `**Below the naive reader** (recall < naive − ${NAIVE_MARGIN}): ${below.map((r) => `${r.id} (${pct(r.score.recallFuzzy)} vs ${pct(r.naive?.score.recallFuzzy ?? 0)})`).join(', ')}.`,
    '',
  );
  if (missing.length > 0) out.push(`Not collected, so not measured: ${missing.map((c) => c.id).join(', ')}.`, '');
  out.push('### Lines onscreen missed', '');
  for (const r of results) {
    if (r.score.missed.length === 0) continue;
    const naiveMissed = new Set(r.naive?.score.missed.map((m) => m.text) ?? []);
    const why = r.refusal === null ? '' : ` (refused: ${r.refusal.code})`;
    out.push(`- **${r.id}**${why}: ${r.score.missed.length} of ${r.score.truthLines}`);
    for (const m of r.score.missed) {
      const at = m.startMs === null ? '' : ` @ ${(m.startMs / 1000).toFixed(1)} s`;
      const naive = r.naive === null ? '' : naiveMissed.has(m.text) ? ' — naive missed it too' : ' — **naive found it**';
      out.push(`  - ${cell(JSON.stringify(m.text))}${at}${naive}`);
    }
  }
  out.push('');
  return out.join('\n');
}
