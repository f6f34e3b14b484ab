import type { EntryLabels, Label, Segment } from '@onscreen/core';
import { normalizeText } from './text-match.js';

/** How many labels an entry keeps with it (EntryLabels.top) for lists; the rest are counted. */
export const KEPT_LABELS = 10;

type LabelSource = Pick<Segment, 'text' | 'startMs' | 'endMs' | 'confidence'>;

/** The distinct on-screen texts of an entry, most salient first (time on screen × confidence). */
export function rankLabels(segments: readonly LabelSource[]): Label[] {
  const byText = new Map<string, { text: string; ms: number; weighted: number; first: number; n: number }>();
  for (const segment of segments) {
    const key = normalizeText(segment.text);
    if (key === '') continue;
    const ms = Math.max(segment.endMs - segment.startMs, 1);
    const seen = byText.get(key) ?? { text: segment.text.trim(), ms: 0, weighted: 0, first: segment.startMs, n: 0 };
    seen.ms += ms;
    seen.weighted += ms * segment.confidence;
    seen.first = Math.min(seen.first, segment.startMs);
    seen.n += 1;
    byText.set(key, seen);
  }
  return [...byText.values()]
    .map((s) => ({
      text: s.text,
      onScreenMs: s.ms,
      confidence: Math.round((s.weighted / s.ms) * 1000) / 1000,
      salience: Math.round(s.weighted),
      firstSeenMs: s.first,
      occurrences: s.n,
    }))
    .sort((a, b) => b.salience - a.salience || a.firstSeenMs - b.firstSeenMs);
}

/** What an entry keeps of its labels: the first KEPT_LABELS texts and how many there are. */
export function entryLabelsOf(segments: readonly LabelSource[]): EntryLabels {
  const labels = rankLabels(segments);
  return { top: labels.slice(0, KEPT_LABELS).map((l) => l.text), count: labels.length };
}
