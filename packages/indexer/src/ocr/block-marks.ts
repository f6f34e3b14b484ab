import type { OcrImage } from './ocr-pool.js';

/**
 * Block marks: filled or shaded rectangles of about a letter's size standing alone on the background.
 * Terminal slide tools put one before each heading (`█`, `▓`, `░` in the heading's colour), a terminal
 * draws its cursor as one, a UI a filled checkbox. They hold no text, but tesseract reads them as
 * letters ("Hl Alerts", "Bll subheaders", "#88 Everything is markdown") or swallows the heading into
 * them ("h1" read "Hn"). Painted over with the background before OCR, the heading reads alone.
 */

/** A pixel this far from the background's grey is ink. */
const INK_DISTANCE = 48;
/** A row's run of ink bridges gaps this wide: a shaded block (`▒`, a GIF's dithering) is ink with holes. */
const BRIDGE_PX = 2;
/** A block's sides may wander this much from row to row (anti-aliasing, a shaded block's holes at its edge). */
const EDGE_SLACK_PX = 3;
/** Smallest block: smaller marks (dots, a period) may be text. */
const MIN_SIDE_PX = 8;
/**
 * A block is at most this many of its heights wide (a progress bar is wider) and at least this share
 * of it: a bold `l` or `I` (9 × 18 pixels in a 36-pixel title) is a flat rectangle too.
 */
const MAX_ASPECT = 4;
const MIN_ASPECT = 0.8;
/** A block is flat: the means of its 4×4 parts differ by at most this (letters: strokes and gaps). */
const MAX_PART_SPREAD = 24;
/** Around a block, this share of the ring's pixels is background: it stands alone (not a panel's margin). */
const MIN_RING_BACKGROUND = 0.85;

/** The commonest grey of an image (every 4th pixel of every 4th row), in steps of 4. */
export function backgroundGrey(image: OcrImage): number {
  const histogram = new Uint32Array(64);
  for (let y = 0; y < image.height; y += 4) {
    const row = y * image.width;
    for (let x = 0; x < image.width; x += 4) {
      const bin = (image.pixels[row + x] as number) >> 2;
      histogram[bin] = (histogram[bin] as number) + 1;
    }
  }
  let mode = 0;
  for (let bin = 1; bin < 64; bin++) if ((histogram[bin] as number) > (histogram[mode] as number)) mode = bin;
  return mode * 4 + 2;
}

/** A rectangle in pixels, [left, right) × [top, bottom). */
export interface PixelRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

interface OpenRun {
  left: number;
  right: number;
  top: number;
  seen: number;
}

/**
 * The block marks of an image (see above): rectangles whose every row is one run of ink with the same
 * ends, flat inside, with background around them, MIN_SIDE_PX or more on each side and between
 * MIN_ASPECT and MAX_ASPECT of their height wide.
 */
export function findBlockMarks(image: OcrImage, background = backgroundGrey(image)): PixelRect[] {
  const { width, height, pixels } = image;
  const isInk = new Uint8Array(256);
  for (let grey = 0; grey < 256; grey++) isInk[grey] = Math.abs(grey - background) > INK_DISTANCE ? 1 : 0;
  const found: PixelRect[] = [];
  let open: OpenRun[] = [];
  const close = (run: OpenRun, bottom: number) => {
    const rect = { left: run.left, top: run.top, right: run.right, bottom };
    if (isBlock(image, rect, background)) found.push(rect);
  };
  for (let y = 0; y <= height; y++) {
    const runs: Array<[number, number]> = [];
    if (y < height) {
      const row = y * width;
      let start = -1;
      let lastInk = -1;
      for (let x = 0; x < width; x++) {
        if (isInk[pixels[row + x] as number] === 0) continue;
        if (start >= 0 && x - lastInk - 1 > BRIDGE_PX) {
          runs.push([start, lastInk + 1]);
          start = -1;
        }
        if (start < 0) start = x;
        lastInk = x;
      }
      if (start >= 0) runs.push([start, lastInk + 1]);
    }
    const next: OpenRun[] = [];
    for (const [left, right] of runs) {
      if (right - left < MIN_SIDE_PX) continue;
      const same = open.find((run) => Math.abs(run.left - left) <= EDGE_SLACK_PX && Math.abs(run.right - right) <= EDGE_SLACK_PX);
      if (same === undefined) next.push({ left, right, top: y, seen: 1 });
      else {
        next.push({ left: Math.min(same.left, left), right: Math.max(same.right, right), top: same.top, seen: same.seen + 1 });
        same.seen = -1; // continued
      }
    }
    for (const run of open) if (run.seen >= 0) close(run, y);
    open = next;
  }
  return found;
}

function isBlock(image: OcrImage, rect: PixelRect, background: number): boolean {
  const w = rect.right - rect.left;
  const h = rect.bottom - rect.top;
  if (h < MIN_SIDE_PX || w < h * MIN_ASPECT || w > h * MAX_ASPECT) return false;
  return flat(image, rect) && aloneOn(image, rect, background);
}

/** The means of the rectangle's 4×4 parts lie within MAX_PART_SPREAD of each other. */
function flat(image: OcrImage, rect: PixelRect): boolean {
  let low = 255;
  let high = 0;
  for (let py = 0; py < 4; py++) {
    const y0 = rect.top + Math.floor(((rect.bottom - rect.top) * py) / 4);
    const y1 = rect.top + Math.floor(((rect.bottom - rect.top) * (py + 1)) / 4);
    for (let px = 0; px < 4; px++) {
      const x0 = rect.left + Math.floor(((rect.right - rect.left) * px) / 4);
      const x1 = rect.left + Math.floor(((rect.right - rect.left) * (px + 1)) / 4);
      let sum = 0;
      for (let y = y0; y < y1; y++) {
        const row = y * image.width;
        for (let x = x0; x < x1; x++) sum += image.pixels[row + x] as number;
      }
      const mean = sum / Math.max(1, (y1 - y0) * (x1 - x0));
      low = Math.min(low, mean);
      high = Math.max(high, mean);
    }
  }
  return high - low <= MAX_PART_SPREAD;
}

/** The ring two pixels out from the rectangle (inside the image) is mostly background. */
function aloneOn(image: OcrImage, rect: PixelRect, background: number): boolean {
  let total = 0;
  let quiet = 0;
  const look = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= image.width || y >= image.height) return;
    total += 1;
    if (Math.abs((image.pixels[y * image.width + x] as number) - background) <= INK_DISTANCE) quiet += 1;
  };
  for (let x = rect.left - 2; x < rect.right + 2; x++) {
    look(x, rect.top - 2);
    look(x, rect.bottom + 1);
  }
  for (let y = rect.top; y < rect.bottom; y++) {
    look(rect.left - 2, y);
    look(rect.right + 1, y);
  }
  return total > 0 && quiet >= total * MIN_RING_BACKGROUND;
}

/** The image with its block marks painted in the background's grey; the same image when it has none. */
export function eraseBlockMarks(image: OcrImage): OcrImage {
  const background = backgroundGrey(image);
  const marks = findBlockMarks(image, background);
  if (marks.length === 0) return image;
  const pixels = image.pixels.slice();
  for (const mark of marks) {
    // a pixel more: the block's anti-aliased edge would read as a rule
    const left = Math.max(0, mark.left - 1);
    const right = Math.min(image.width, mark.right + 1);
    for (let y = Math.max(0, mark.top - 1); y < Math.min(image.height, mark.bottom + 1); y++)
      pixels.fill(background, y * image.width + left, y * image.width + right);
  }
  return { width: image.width, height: image.height, pixels };
}
