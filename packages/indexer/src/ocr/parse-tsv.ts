/** A line of text tesseract found, in pixels of the image it was given. */
export interface OcrLine {
  text: string;
  /** 0–1 */
  confidence: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Groups tesseract's TSV word rows (level 5) into lines. Columns: level, page_num, block_num,
 * par_num, line_num, word_num, left, top, width, height, conf, text.
 */
export function parseTsvLines(tsv: string): OcrLine[] {
  const lines = new Map<string, { words: string[]; confSum: number; weight: number; x0: number; y0: number; x1: number; y1: number }>();
  for (const row of tsv.split('\n')) {
    const cols = row.split('\t');
    if (cols[0] !== '5' || cols.length < 12) continue;
    const text = (cols.slice(11).join('\t') ?? '').trim();
    const conf = Number(cols[10]);
    if (text === '' || !(conf >= 0)) continue;
    const [left, top, width, height] = cols.slice(6, 10).map(Number) as [number, number, number, number];
    const key = `${cols[2]}:${cols[3]}:${cols[4]}`;
    let line = lines.get(key);
    if (line === undefined) {
      line = { words: [], confSum: 0, weight: 0, x0: left, y0: top, x1: left + width, y1: top + height };
      lines.set(key, line);
    }
    line.words.push(text);
    line.confSum += conf * text.length;
    line.weight += text.length;
    line.x0 = Math.min(line.x0, left);
    line.y0 = Math.min(line.y0, top);
    line.x1 = Math.max(line.x1, left + width);
    line.y1 = Math.max(line.y1, top + height);
  }
  return joinRowPieces(
    [...lines.values()].map((line) => ({
      text: line.words.join(' '),
      confidence: line.weight === 0 ? 0 : line.confSum / line.weight / 100,
      left: line.x0,
      top: line.y0,
      width: line.x1 - line.x0,
      height: line.y1 - line.y0,
    })),
  );
}

/** Pieces of one row closer than this many line heights are one line (about two characters' gap). */
const ROW_GAP_HEIGHTS = 1.2;
/** A list marker and its item, or a sentence that goes on in small letters: up to about four characters' gap. */
const WIDER_GAP_HEIGHTS = 2.2;

/** Whether `b` continues `a` on the same row: mostly the same rows, similar heights, a word gap between. */
function continuesRow(a: OcrLine, b: OcrLine): boolean {
  const overlap = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  const lower = Math.min(a.height, b.height);
  const higher = Math.max(a.height, b.height);
  const gap = b.left - (a.left + a.width);
  // a list's numbering stands further from its item (a dot, then a monospaced space: 1.4 heights here),
  // and so does a sentence going on in small letters past marks OCR did not read ("reality...what")
  const wider = isListMarker(a) || /^\p{Ll}/u.test(b.text);
  const widest = higher * (wider ? WIDER_GAP_HEIGHTS : ROW_GAP_HEIGHTS);
  return overlap >= lower * 0.6 && higher <= lower * 1.6 && gap >= -lower * 0.2 && gap <= widest;
}

/** A list's numbering on its own: "1.", "12)", "a.", "iv)". Too short to be a line, but text on screen (never a bullet to strip: text-match.ts). */
export const LIST_MARKER = /^(\d{1,3}|\p{L}|[ivxlc]{2,4}|[IVXLC]{2,4})[.)]$/u;

/** A list marker read with confidence, on its own. */
function isListMarker(line: OcrLine): boolean {
  return line.confidence >= 0.5 && LIST_MARKER.test(line.text.trim());
}

/** A piece that may begin a row: text, or a list marker (its item follows). */
function mayStartRow(line: OcrLine): boolean {
  return !isJunkLine(line, 0.5) || isListMarker(line);
}

/**
 * Sparse page segmentation cuts one row of text into pieces where it sees a wider gap ("It's good on"
 * and "toast"; a list's "1." and its item in a monospaced terminal); a reader sees one line. Pieces
 * that are each text (not junk) and follow each other on one row at a word's distance are joined, left
 * to right; a list marker may begin such a row.
 */
export function joinRowPieces(lines: readonly OcrLine[]): OcrLine[] {
  const pieces = [...lines].sort((a, b) => a.left - b.left);
  const out: OcrLine[] = [];
  const weight = (line: OcrLine) => line.text.replace(/\s/g, '').length;
  for (const piece of pieces) {
    const row = isJunkLine(piece, 0.5) ? undefined : out.find((line) => mayStartRow(line) && continuesRow(line, piece));
    if (row === undefined) {
      out.push({ ...piece });
      continue;
    }
    const total = weight(row) + weight(piece);
    row.confidence = total === 0 ? row.confidence : (row.confidence * weight(row) + piece.confidence * weight(piece)) / total;
    row.text = `${row.text} ${piece.text}`;
    const bottom = Math.max(row.top + row.height, piece.top + piece.height);
    row.top = Math.min(row.top, piece.top);
    row.height = bottom - row.top;
    row.width = piece.left + piece.width - row.left;
  }
  return out.sort((a, b) => a.top - b.top || a.left - b.left);
}

/** Lines that are OCR noise rather than text: low confidence, one character, or mostly symbols. */
export function isJunkLine(line: Pick<OcrLine, 'text' | 'confidence'>, minConfidence: number): boolean {
  if (line.confidence < minConfidence) return true;
  const text = line.text.trim();
  const alnum = text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  if (alnum < 2) return true;
  return alnum / text.replace(/\s/g, '').length < 0.5;
}
