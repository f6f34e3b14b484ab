/**
 * Approximate advance widths of DejaVu Sans, in em. Good to a few percent on ordinary prose, which
 * is what ground-truth boxes need ("approximate is fine"); the video itself is laid out by ffmpeg.
 */
const NARROW = new Set([..."iljI.,:;'!|`"]);
const SEMI_NARROW = new Set([...'frt()[]{}/\\-"*']);
const WIDE = new Set([...'mwMW%@']);

function charWidthEm(char: string, bold: boolean): number {
  let em: number;
  if (char === ' ') em = 0.318;
  else if (NARROW.has(char)) em = 0.3;
  else if (SEMI_NARROW.has(char)) em = 0.4;
  else if (WIDE.has(char)) em = 0.92;
  else if (/[0-9]/.test(char)) em = 0.636;
  else if (char !== char.toLowerCase()) em = 0.7;
  else em = 0.61;
  return bold ? em * 1.1 : em;
}

export function estimateTextWidthPx(text: string, fontSizePx: number, bold = false): number {
  let em = 0;
  for (const char of text) em += charWidthEm(char, bold);
  return Math.ceil(em * fontSizePx);
}

/** Height of one rendered line (DejaVu ascent + descent ≈ 1.17 em). */
export function lineHeightPx(fontSizePx: number): number {
  return Math.ceil(fontSizePx * 1.17);
}
