import { distance } from 'fastest-levenshtein';
import type { BBox } from '@onscreen/core';

/** Lower-cased, single-spaced, trimmed: the form two sightings of a line are compared in. */
export function normalizeText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** 1 for equal strings, 0 for nothing in common (1 − edit distance ÷ longer length). */
export function textSimilarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - distance(a, b) / longer;
}

export function boxOverlap(a: BBox, b: BBox): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / Math.min(a.w * a.h, b.w * b.h || 1e-9);
}
