import type { GrayImage } from './second-look.js';

/**
 * A frame's colour, beside its luma: the U and V planes, each `width >> shift` × `height >> shift`
 * (shift 1 for 4:2:0 video, 0 when every pixel has its own colour).
 */
export interface Chroma {
  u: Uint8Array;
  v: Uint8Array;
  shift: 0 | 1;
}

/**
 * A pixel this far from grey (|U−128| + |V−128|) is coloured: text in red, green, blue or yellow is 90
 * and more; a GIF's dithered black, specks of dark blue among black, about 40.
 */
const COLOURED = 80;
/** A pixel at most this far from grey is read by its luma alone; between this and COLOURED, partly. */
const FAINT = 40;
/** A background this far from grey is coloured: its text is read by luma, as a slide's white on blue. */
const GREY_BACKGROUND = 24;
/**
 * A row through coloured text crosses at least this many strokes (a short word's letters); a box's
 * sides, a rule or a filled bar, fewer.
 */
const MIN_ROW_STROKES = 4;
/** A stroke is at most this long across a row (a letter's bar); a longer run is a bar or a block. */
const MAX_STROKE_PX = 32;
/** Below this share of coloured pixels a band has no coloured text to read. */
const MIN_COLOURED_SHARE = 0.002;

type ColourFrame = { width: number; height: number; pixels: Uint8Array; chroma?: Chroma | undefined };

/** |U−128| + |V−128| at pixel (x, y). */
function colourAt(chroma: Chroma, width: number, x: number, y: number): number {
  const c = (y >> chroma.shift) * (width >> chroma.shift) + (x >> chroma.shift);
  return Math.abs((chroma.u[c] as number) - 128) + Math.abs((chroma.v[c] as number) - 128);
}

/** Every this many rows and columns is looked at to judge a band's background. */
const BACKGROUND_STEP = 4;

/**
 * Whether rows [topPx, bottomPx) may hold coloured text worth a read of its own, and on what: null
 * for a grey frame, a band with (almost) no coloured pixels, or a coloured background (a slide's white
 * on blue reads well by luma); else whether the background (the commonest luma, in steps of 8) is dark.
 */
export function inkBackground(frame: ColourFrame, topPx: number, bottomPx: number): { dark: boolean } | null {
  const { chroma, width } = frame;
  if (chroma === undefined || bottomPx <= topPx) return null;
  const histogram = new Uint32Array(32);
  const colourOfBin = new Float64Array(32);
  let coloured = 0;
  let sampled = 0;
  for (let y = topPx; y < bottomPx; y += BACKGROUND_STEP) {
    const row = y * width;
    for (let x = 0; x < width; x += BACKGROUND_STEP) {
      const bin = (frame.pixels[row + x] as number) >> 3;
      const colour = colourAt(chroma, width, x, y);
      histogram[bin] = (histogram[bin] as number) + 1;
      colourOfBin[bin] = (colourOfBin[bin] as number) + colour;
      if (colour >= COLOURED) coloured += 1;
      sampled += 1;
    }
  }
  if (coloured < sampled * MIN_COLOURED_SHARE) return null;
  let mode = 0;
  for (let bin = 1; bin < 32; bin++) if ((histogram[bin] as number) > (histogram[mode] as number)) mode = bin;
  if ((colourOfBin[mode] as number) > (histogram[mode] as number) * GREY_BACKGROUND) return null;
  return { dark: mode * 8 + 4 < 128 };
}

/** A box in frame pixels. */
export interface PixelBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The rows of [topPx, bottomPx) holding coloured pixels outside `read` (the boxes of lines already
 * read, with a margin of a third of their height), as runs [top, bottom) in frame pixels: rows with
 * at least MIN_ROW_STROKES runs of such pixels (each at most MAX_STROKE_PX long), gaps of at most `gapPx` bridged, runs lower than
 * `minHeightPx` (a rule, specks) dropped. Empty for a grey frame.
 */
export function unreadColourRuns(
  frame: ColourFrame,
  topPx: number,
  bottomPx: number,
  read: readonly PixelBox[],
  gapPx = 4,
  minHeightPx = 6,
): Array<[number, number]> {
  const { chroma, width } = frame;
  if (chroma === undefined) return [];
  const runs: Array<[number, number]> = [];
  let runTop = -1;
  let lastColoured = -1;
  for (let y = topPx; y < bottomPx; y++) {
    // the read lines across this row, widened by a third of their height
    const spans = read
      .filter((box) => y >= box.top - box.height / 3 && y < box.top + (box.height * 4) / 3)
      .map((box) => [box.left - box.height / 3, box.left + box.width + box.height / 3] as const);
    // strokes: runs of coloured pixels outside the lines, no longer than a letter is wide; a filled
    // bar (a status line, a chart's bar) is one long run
    let strokes = 0;
    let stroke = 0;
    for (let x = 0; x <= width && strokes < MIN_ROW_STROKES; x++) {
      const unread = x < width && colourAt(chroma, width, x, y) >= COLOURED && !spans.some(([left, right]) => x >= left && x < right);
      if (unread) stroke += 1;
      else {
        if (stroke > 0 && stroke <= MAX_STROKE_PX) strokes += 1;
        stroke = 0;
      }
    }
    if (strokes < MIN_ROW_STROKES) continue;
    if (runTop >= 0 && y - lastColoured > gapPx) {
      if (lastColoured + 1 - runTop >= minHeightPx) runs.push([runTop, lastColoured + 1]);
      runTop = -1;
    }
    if (runTop < 0) runTop = y;
    lastColoured = y;
  }
  if (runTop >= 0 && lastColoured + 1 - runTop >= minHeightPx) runs.push([runTop, lastColoured + 1]);
  return runs;
}

/**
 * Rows [topPx, bottomPx) of a frame as coloured text shows best, on a background that `inkBackground`
 * judged grey. In luma, coloured text on a dark terminal sinks: red "package" is dark grey beside
 * white text, and one threshold for the band drops it. Here each coloured pixel is taken by its
 * brightest channel on a dark background, or its darkest on a light one, so text of any colour
 * stands out as white or black text does; near-grey pixels keep their luma.
 */
export function inkRows(frame: ColourFrame, topPx: number, bottomPx: number, background: { dark: boolean }): GrayImage {
  const { width, chroma } = frame;
  const height = bottomPx - topPx;
  const luma = frame.pixels.subarray(topPx * width, bottomPx * width);
  if (chroma === undefined) return { width, height, pixels: luma };
  const { u, v, shift } = chroma;
  const chromaWidth = width >> shift;
  const out = new Uint8Array(width * height);
  for (let y = topPx; y < bottomPx; y++) {
    const row = (y - topPx) * width;
    const chromaRow = (y >> shift) * chromaWidth;
    for (let x = 0; x < width; x++) {
      const c = chromaRow + (x >> shift);
      const l = luma[row + x] as number;
      const cb = (u[c] as number) - 128;
      const cr = (v[c] as number) - 128;
      const saturation = Math.abs(cb) + Math.abs(cr);
      if (saturation <= FAINT) {
        out[row + x] = l;
        continue;
      }
      // BT.601: the three channels from luma and colour difference
      const r = l + 1.402 * cr;
      const g = l - 0.344 * cb - 0.714 * cr;
      const b = l + 1.772 * cb;
      const channel = background.dark ? Math.max(r, g, b) : Math.min(r, g, b);
      // near-grey pixels keep their luma: a dithered background's faint colours would otherwise turn to grain
      const weight = saturation >= COLOURED ? 1 : (saturation - FAINT) / (COLOURED - FAINT);
      const ink = l + (channel - l) * weight;
      out[row + x] = ink < 0 ? 0 : ink > 255 ? 255 : Math.round(ink);
    }
  }
  return { width, height, pixels: out };
}
