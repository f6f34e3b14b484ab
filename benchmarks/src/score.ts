import type { ExtractedSegment } from '@onscreen/core';
import { normalizeText, textSimilarity, wordsOf } from '@onscreen/indexer';
import type { GroundTruthLine } from '@onscreen/testkit';

export interface Score {
  truthLines: number;
  segments: number;
  /** Share of truth lines found with similarity ≥ 0.85 at an overlapping time. */
  recallFuzzy: number;
  /** Share of truth lines whose words (letters and digits; case, spacing and symbols aside) were read exactly. */
  recallExact: number;
  /** Share of segments that match some truth line. */
  precision: number;
  medianStartErrorMs: number | null;
  p90StartErrorMs: number | null;
  missed: string[];
}

const FUZZY = 0.85;
const TIME_SLACK_MS = 1000;

function overlaps(seg: ExtractedSegment, line: GroundTruthLine): boolean {
  return seg.startMs < line.endMs + TIME_SLACK_MS && seg.endMs > line.startMs - TIME_SLACK_MS;
}

function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/**
 * The same text at the same place on consecutive slides is one appearance on screen (a footer, an
 * axis label that does not change): join such truth lines so a segment that spans them scores right.
 */
function joinContinuous(lines: readonly GroundTruthLine[]): GroundTruthLine[] {
  const out: GroundTruthLine[] = [];
  for (const line of [...lines].sort((a, b) => a.startMs - b.startMs)) {
    const before = out.find(
      (p) =>
        p.text === line.text &&
        Math.abs(p.endMs - line.startMs) <= 40 &&
        Math.abs(p.bbox.x - line.bbox.x) < 0.01 &&
        Math.abs(p.bbox.y - line.bbox.y) < 0.01,
    );
    if (before !== undefined) before.endMs = Math.max(before.endMs, line.endMs);
    else out.push({ ...line });
  }
  return out;
}

/** Compares extracted segments with the ground truth of a generated video. */
export function scoreSegments(allTruth: readonly GroundTruthLine[], segments: readonly ExtractedSegment[]): Score {
  // a lone character (an axis tick "0") is dropped as noise by design; it is not counted
  const truth = joinContinuous(allTruth.filter((line) => (line.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= 2));
  const norms = segments.map((s) => normalizeText(s.text));
  let fuzzy = 0;
  let exact = 0;
  const startErrors: number[] = [];
  const missed: string[] = [];
  const useful = new Set<number>();
  for (const line of truth) {
    const want = normalizeText(line.text);
    let best = -1;
    let bestSimilarity = 0;
    segments.forEach((seg, i) => {
      if (!overlaps(seg, line)) return;
      const similarity = textSimilarity(norms[i] as string, want);
      if (similarity >= FUZZY) useful.add(i);
      const better =
        similarity > bestSimilarity ||
        (similarity === bestSimilarity &&
          best >= 0 &&
          Math.abs(seg.startMs - line.startMs) < Math.abs((segments[best] as ExtractedSegment).startMs - line.startMs));
      if (better) {
        best = i;
        bestSimilarity = similarity;
      }
    });
    if (best >= 0 && bestSimilarity >= FUZZY) {
      fuzzy += 1;
      if (wordsOf((segments[best] as ExtractedSegment).text) === wordsOf(line.text)) exact += 1;
      startErrors.push(Math.abs((segments[best] as ExtractedSegment).startMs - line.startMs));
    } else missed.push(line.text);
  }
  const n = Math.max(1, truth.length);
  return {
    truthLines: truth.length,
    segments: segments.length,
    recallFuzzy: fuzzy / n,
    recallExact: exact / n,
    precision: segments.length === 0 ? 0 : useful.size / segments.length,
    medianStartErrorMs: quantile(startErrors, 0.5),
    p90StartErrorMs: quantile(startErrors, 0.9),
    missed,
  };
}

/** A ground-truth line of a real clip: its times are null where the clip's source does not give them. */
export interface RealTruthLine {
  text: string;
  startMs: number | null;
  endMs: number | null;
}

export interface RealScore {
  truthLines: number;
  segments: number;
  recallFuzzy: number;
  recallExact: number;
  /** Lines with a start time in the truth (the start error is measured on these). */
  timedLines: number;
  medianStartErrorMs: number | null;
  p90StartErrorMs: number | null;
  /** |segment start − true start| of every timed line found. */
  startErrorsMs: number[];
  missed: Array<{ text: string; startMs: number | null }>;
}

/** A leading shell prompt ("$ ", "> ", "❯ ", "user@host:~$ "): part of the line on screen, not of what is searched for. */
const PROMPT = /^(?:[>$❯»›%➜→λ]|\S*[@:~]\S*[$#>%])\s+/u;

/** A leading list bullet, which onscreen drops too. */
const BULLET = /^[•·▪●◦■□▸►‣⁃]\s*/u;

/**
 * The form a real clip's line and a segment are compared in: Unicode-compatible forms folded (NFKC),
 * lower case, curly quotes and dashes as ASCII, table borders as spaces, a leading prompt or bullet dropped,
 * whitespace collapsed.
 */
export function normalizeForMatch(text: string): string {
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’‚‛′]/g, "'")
    .replace(/[“”„‟″]/g, '"')
    .replace(/[‐‑‒–—―−]/g, '-')
    // table borders drawn between cells are not text
    .replace(/[|│┃┆┊╎]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return folded.replace(PROMPT, '').replace(BULLET, '').trim();
}

interface Candidate {
  text: string;
  startMs: number;
  raw: string;
}

type Follows = (a: ExtractedSegment, b: ExtractedSegment) => boolean;

const together = (a: ExtractedSegment, b: ExtractedSegment) => a.startMs < b.endMs && b.startMs < a.endMs;

/** b is the next row under a (a wrapped line). */
const below: Follows = (a, b) =>
  b.bbox.y > a.bbox.y + a.bbox.h * 0.5 && b.bbox.y - (a.bbox.y + a.bbox.h) < a.bbox.h * 1.2 && together(a, b);

/** b follows a on the same row (a table's cells, a status padded far from its label). */
const beside: Follows = (a, b) => {
  const overlap = Math.min(a.bbox.y + a.bbox.h, b.bbox.y + b.bbox.h) - Math.max(a.bbox.y, b.bbox.y);
  return overlap >= Math.min(a.bbox.h, b.bbox.h) * 0.5 && b.bbox.x >= a.bbox.x + a.bbox.w * 0.9 && together(a, b);
};

/**
 * Segments read together as one line: rows one under the other (a line the screen wrapped) or pieces
 * side by side on one row, left to right (cells of a table row), two or three of them.
 */
function stackedJoins(segments: readonly ExtractedSegment[], want: string): Candidate[] {
  return [...joinsAlong(segments, want, below), ...joinsAlong(segments, want, beside)];
}

function joinsAlong(segments: readonly ExtractedSegment[], want: string, follows: Follows): Candidate[] {
  const below = follows;
  const parts = segments.filter((seg) => {
    const first = normalizeForMatch(seg.text).split(' ')[0] ?? '';
    return first.length > 0 && want.includes(first);
  });
  const joins: Candidate[] = [];
  for (const a of parts)
    for (const b of parts) {
      if (!below(a, b)) continue;
      joins.push({ text: normalizeForMatch(`${a.text} ${b.text}`), startMs: Math.max(a.startMs, b.startMs), raw: `${a.text} ${b.text}` });
      for (const c of parts)
        if (below(b, c))
          joins.push({
            text: normalizeForMatch(`${a.text} ${b.text} ${c.text}`),
            startMs: Math.max(a.startMs, b.startMs, c.startMs),
            raw: `${a.text} ${b.text} ${c.text}`,
          });
    }
  return joins;
}

/**
 * Scores the segments read from a real clip against its truth (rules in benchmarks/README.md): a line
 * is found when a segment, or two or three segments stacked at the same time (a wrapped line), read it
 * with similarity ≥ 0.85 within its time span ± 1 s; a line without times may be found anywhere in the
 * clip, and one without an end until the clip ends.
 */
export function scoreRealSegments(truth: readonly RealTruthLine[], segments: readonly ExtractedSegment[], durationMs: number): RealScore {
  const norms = segments.map((s) => normalizeForMatch(s.text));
  let fuzzy = 0;
  let exact = 0;
  const startErrors: number[] = [];
  const missed: RealScore['missed'] = [];
  for (const line of truth) {
    const fromMs = (line.startMs ?? 0) - TIME_SLACK_MS;
    const toMs = (line.endMs ?? durationMs) + TIME_SLACK_MS;
    const want = normalizeForMatch(line.text);
    const inTime = segments.map((seg, i) => ({ seg, i })).filter(({ seg }) => seg.startMs < toMs && seg.endMs > fromMs);
    const near = (startMs: number) => (line.startMs === null ? 0 : Math.abs(startMs - line.startMs));
    let best: Candidate | null = null;
    let bestSimilarity = 0;
    const consider = (candidate: Candidate) => {
      const similarity = textSimilarity(candidate.text, want);
      if (similarity > bestSimilarity || (similarity === bestSimilarity && best !== null && near(candidate.startMs) < near(best.startMs))) {
        best = candidate;
        bestSimilarity = similarity;
      }
    };
    for (const { seg, i } of inTime) consider({ text: norms[i] as string, startMs: seg.startMs, raw: seg.text });
    if (bestSimilarity < FUZZY)
      for (const join of stackedJoins(
        inTime.map(({ seg }) => seg),
        want,
      ))
        consider(join);
    const found = best as Candidate | null;
    if (found !== null && bestSimilarity >= FUZZY) {
      fuzzy += 1;
      if (wordsOf(normalizeForMatch(found.raw)) === wordsOf(want)) exact += 1;
      if (line.startMs !== null) startErrors.push(Math.abs(found.startMs - line.startMs));
    } else missed.push({ text: line.text, startMs: line.startMs });
  }
  const n = Math.max(1, truth.length);
  return {
    truthLines: truth.length,
    segments: segments.length,
    recallFuzzy: fuzzy / n,
    recallExact: exact / n,
    timedLines: truth.filter((line) => line.startMs !== null).length,
    medianStartErrorMs: quantile(startErrors, 0.5),
    p90StartErrorMs: quantile(startErrors, 0.9),
    startErrorsMs: startErrors,
    missed,
  };
}
