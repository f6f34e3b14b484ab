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
