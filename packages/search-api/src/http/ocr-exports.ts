import type { Segment } from '@onscreen/core';

/** 3723004 → "01:02:03.004" (WebVTT) or "01:02:03,004" (SRT). */
export function timestamp(ms: number, separator: '.' | ','): string {
  const t = Math.max(0, Math.round(ms));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const hours = Math.floor(t / 3_600_000);
  const minutes = Math.floor((t % 3_600_000) / 60_000);
  const seconds = Math.floor((t % 60_000) / 1000);
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}${separator}${pad(t % 1000, 3)}`;
}

/** Cue text must not hold a blank line or "-->" (it would end or corrupt the cue). */
function cueText(text: string): string {
  return text.replace(/\r?\n\s*\r?\n/g, '\n').replace(/-->/g, '->');
}

const escapeVtt = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function toWebVtt(segments: readonly Segment[]): string {
  const cues = segments.map((s) => `${timestamp(s.startMs, '.')} --> ${timestamp(s.endMs, '.')}\n${escapeVtt(cueText(s.text))}\n`);
  return ['WEBVTT\n', ...cues].join('\n');
}

export function toSrt(segments: readonly Segment[]): string {
  return segments.map((s, i) => `${i + 1}\n${timestamp(s.startMs, ',')} --> ${timestamp(s.endMs, ',')}\n${cueText(s.text)}\n`).join('\n');
}

/** JSON export: every segment with its box (fractions of the frame) and confidence. */
export function toOcrJson(entryId: string, segments: readonly Segment[]) {
  return {
    entryId,
    segments: segments.map(({ id, text, startMs, endMs, confidence, bbox, language }) => ({
      id,
      text,
      startMs,
      endMs,
      confidence,
      bbox,
      language,
    })),
  };
}
