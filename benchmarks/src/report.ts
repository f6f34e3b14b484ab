import { cpus, loadavg, totalmem } from 'node:os';
import type { ExtractStats } from '@onscreen/indexer';
import type { Score } from './score.js';
import type { StartupFigures } from './startup.js';

export interface VideoResult {
  name: string;
  durationMs: number;
  width: number;
  height: number;
  decodeOnlyMs: number;
  stats: ExtractStats;
  score: Score;
  peakRssBytes: number;
  secondHalfRssGrowth: number | null;
  naive: { elapsedMs: number; framesOcred: number; score: Score } | null;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ms = (x: number | null) => (x === null ? '–' : `${Math.round(x)}`);

/** The results table of benchmarks/README.md. */
export function toMarkdown(machine: Record<string, unknown>, results: readonly VideoResult[]): string {
  const head =
    '| video | length | realtime × | wall ÷ decode-only | frames looked at / OCRed | recall (fuzzy / exact) | precision | start error p50 / p90 ms | peak RSS MB | RSS growth 2nd half | naive 1 fps: realtime ×, recall | speed-up vs naive |\n' +
    '|---|---|---|---|---|---|---|---|---|---|---|---|\n';
  const rows = results.map((r) => {
    const realtime = r.durationMs / r.stats.elapsedMs;
    const naive = r.naive === null ? '–' : `${(r.durationMs / r.naive.elapsedMs).toFixed(1)}×, ${pct(r.naive.score.recallFuzzy)}`;
    const speedup = r.naive === null ? '–' : `${(r.naive.elapsedMs / r.stats.elapsedMs).toFixed(1)}×`;
    return `| ${r.name} (${r.width}×${r.height}) | ${(r.durationMs / 1000).toFixed(0)} s | ${realtime.toFixed(1)} | ${(r.stats.elapsedMs / r.decodeOnlyMs).toFixed(2)} | ${r.stats.framesDecoded} / ${r.stats.framesOcred} | ${pct(r.score.recallFuzzy)} / ${pct(r.score.recallExact)} | ${pct(r.score.precision)} | ${ms(r.score.medianStartErrorMs)} / ${ms(r.score.p90StartErrorMs)} | ${(r.peakRssBytes / 2 ** 20).toFixed(0)} | ${r.secondHalfRssGrowth === null ? '–' : pct(r.secondHalfRssGrowth)} | ${naive} | ${speedup} |`;
  });
  const truth = results.reduce((n, r) => n + r.score.truthLines, 0);
  const found = results.reduce((n, r) => n + r.score.recallFuzzy * r.score.truthLines, 0);
  const withNaive = results.filter((r) => r.naive !== null);
  const ours = withNaive.reduce((n, r) => n + r.stats.elapsedMs, 0);
  const naive = withNaive.reduce((n, r) => n + (r.naive?.elapsedMs ?? 0), 0);
  const naiveFound = withNaive.reduce((n, r) => n + (r.naive?.score.recallFuzzy ?? 0) * r.score.truthLines, 0);
  const naiveTruth = withNaive.reduce((n, r) => n + r.score.truthLines, 0);
  const oursOnThose = withNaive.reduce((n, r) => n + r.score.recallFuzzy * r.score.truthLines, 0);
  const scope =
    withNaive.length === results.length
      ? 'all videos'
      : `the ${withNaive.length} videos the naive reader read too (${results
          .filter((r) => r.naive === null)
          .map((r) => r.name)
          .join(', ')} too long for it in every run)`;
  const versus =
    withNaive.length > 0 && ours > 0
      ? ` On ${scope}: onscreen ${pct(oursOnThose / Math.max(1, naiveTruth))}, naive 1 fps reader ${pct(naiveFound / Math.max(1, naiveTruth))}; wall time onscreen ${(ours / 1000).toFixed(1)} s, naive ${(naive / 1000).toFixed(1)} s: ${(naive / ours).toFixed(1)}× faster (same run).`
      : '';
  return `${machineLine(machine)}${head}${rows.join('\n')}\n\nOverall line recall (fuzzy ≥ 0.85): ${pct(found / Math.max(1, truth))} of ${truth} lines.${versus}\n`;
}

/** The machine a run measured on, and its load now: benchmarks share the cores with whatever else runs. */
export function machineInfo() {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString(),
    loadAverage: loadavg().map((x) => Number(x.toFixed(2))),
    note: process.env.ONSCREEN_BENCH_NOTE ?? null,
  };
}

/** Which machine, when, and how loaded (the figures of a shared machine are not those of a quiet one). */
export function machineLine(machine: Record<string, unknown>): string {
  const load = Array.isArray(machine.loadAverage) ? `, load average ${machine.loadAverage.join(' / ')} (1 / 5 / 15 min) at the end` : '';
  const note = typeof machine.note === 'string' && machine.note !== '' ? `\n\n${machine.note}` : '';
  return `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.date}${load}${note}\n\n`;
}

/** Under the generated corpus's table: the videos below the naive reader and every line missed, by text. */
export function generatedFlags(results: readonly VideoResult[]): string {
  const below = results.filter((r) => r.naive !== null && r.score.recallFuzzy < r.naive.score.recallFuzzy - 0.01);
  const out = [
    below.length === 0
      ? 'No generated video below the naive reader (recall < naive − 0.01).'
      : `**Below the naive reader** (recall < naive − 0.01): ${below.map((r) => `${r.name} (${pct(r.score.recallFuzzy)} vs ${pct(r.naive?.score.recallFuzzy ?? 0)})`).join(', ')}.`,
    '',
  ];
  const missing = results.filter((r) => r.score.missed.length > 0);
  if (missing.length > 0) {
    out.push('Lines onscreen missed:', '');
    for (const r of missing) {
      const naiveMissed = new Set(r.naive?.score.missed ?? []);
      out.push(`- **${r.name}**: ${r.score.missed.length} of ${r.score.truthLines}`);
      for (const text of r.score.missed)
        out.push(
          `  - ${JSON.stringify(text).replace(/\|/g, '\\|')}${r.naive === null ? '' : naiveMissed.has(text) ? ' — naive missed it too' : ' — **naive found it**'}`,
        );
    }
    out.push('');
  }
  return out.join('\n');
}

/** The targets of the built command and the hour-long lecture: start-up, closeness to the decode floor, memory. */
export function floorLines(results: readonly VideoResult[], startup: StartupFigures | null): string {
  const out: string[] = [];
  if (startup !== null)
    out.push(
      `Start-up of the built \`onscreen\` command (compiled JS, medians of ${startup.runs}): \`--help\` ${Math.round(startup.helpMs)} ms; ` +
        `\`extract\` of a 2-second clip: first frame ${Math.round(startup.firstFrameMs)} ms after the spawn (target ≤ 500), done in ${Math.round(startup.extractWallMs)} ms.`,
    );
  const lecture = results.find((r) => r.name === 'lecture-1h');
  if (lecture !== undefined) {
    const ratio = lecture.stats.elapsedMs / lecture.decodeOnlyMs;
    const mb = lecture.peakRssBytes / 2 ** 20;
    const mark = (ok: boolean) => (ok ? 'met' : '**not met**');
    out.push(
      `lecture-1h: wall ÷ ffmpeg's full decode ${ratio.toFixed(2)} (target ≤ 1.5: ${mark(ratio <= 1.5)}), recall ${pct(lecture.score.recallFuzzy)} ` +
        `(≥ 98%: ${mark(lecture.score.recallFuzzy >= 0.98)}), peak RSS ${mb.toFixed(0)} MB (≤ 500: ${mark(mb <= 500)}).`,
    );
  }
  return out.length === 0 ? '' : `${out.join('\n\n')}\n`;
}
