import type { Label, Segment } from '@onscreen/core';
import { normalizeText } from '@onscreen/indexer';

export type { Label };

/** How many labels the preview string names before "… + N more". */
export const PREVIEW_LABELS = 3;

/** The distinct on-screen texts of an entry, most salient first (time on screen × confidence). */
export function rankLabels(segments: readonly Segment[]): Label[] {
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

/** "label, label, label … + N more" (just the labels when there are no more; '' when none). */
export function labelsPreview(labels: readonly Pick<Label, 'text'>[], shown = PREVIEW_LABELS): string {
  const head = labels
    .slice(0, shown)
    .map((l) => l.text)
    .join(', ');
  const more = labels.length - shown;
  return more > 0 ? `${head} … + ${more} more` : head;
}
