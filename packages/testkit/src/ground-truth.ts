import { estimateTextWidthPx, lineHeightPx } from './text-width.js';
import type { GroundTruth, NormalisedBox, TextLayer, VideoSpec } from './types.js';

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));

/** Approximate pixel box of a text line (the width is estimated from DejaVu Sans metrics). */
export function textBoxPx(text: TextLayer): { x: number; y: number; w: number; h: number } {
  const w = estimateTextWidthPx(text.text, text.fontSizePx, text.bold === true);
  const x = text.align === 'center' ? text.xPx - w / 2 : text.align === 'right' ? text.xPx - w : text.xPx;
  return { x, y: text.yPx, w, h: lineHeightPx(text.fontSizePx) };
}

function normalise(text: TextLayer, width: number, height: number): NormalisedBox {
  const box = textBoxPx(text);
  const x = clamp01(box.x / width);
  const y = clamp01(box.y / height);
  const round = (value: number): number => Math.round(value * 10000) / 10000;
  return {
    x: round(x),
    y: round(y),
    w: round(clamp01((box.x + box.w) / width) - x),
    h: round(clamp01((box.y + box.h) / height) - y),
  };
}

/**
 * The lines a good OCR should find: every text layer marked `truth`, with its half-open span
 * [startMs, endMs) clipped to the video, sorted by start time then top to bottom.
 */
export function groundTruthOf(spec: VideoSpec): GroundTruth {
  const durationMs = Math.round(spec.durationS * 1000);
  const lines = spec.texts
    .filter((text) => text.truth && text.startMs < durationMs)
    .map((text) => ({
      text: text.text,
      startMs: text.startMs,
      endMs: Math.min(text.endMs, durationMs),
      bbox: normalise(text, spec.width, spec.height),
    }))
    .sort((a, b) => a.startMs - b.startMs || a.bbox.y - b.bbox.y);
  return { durationMs, width: spec.width, height: spec.height, fps: spec.fps, lines };
}
