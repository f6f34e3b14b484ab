import { isJunkLine, type OcrLine } from '../ocr/parse-tsv.js';
import type { PixelBox } from './ink-image.js';
import { enlarge, type GrayImage, secondLookScale, shrinkLine } from './second-look.js';

/**
 * Panels: rectangles filled with a grey of their own that hold text — a slide's code block, a dialog,
 * a highlighted row. One threshold for the whole frame puts the panel's fill and its text on the same
 * side (the navy slide is background, the grey box and its letters are both "ink"), and tesseract
 * reads nothing in it: presenterm's code blocks were read as nothing at all, or as "ef reet()" for
 * "def greet()". Cut out and read alone, the panel's fill is the background and its text stands out.
 *
 * Found on cells of CELL × CELL pixels (a GIF's dithering averages out): cells far from the
 * image's background grey join into regions, and a region is a panel when it fills its bounding
 * rectangle, is large enough to hold lines, and a good share of it is one flat grey (the fill;
 * a word or a picture is all texture).
 */

const CELL = 4;
/** A cell whose 2×2 parts' means differ by at most this is flat (a dithered fill is flat at 2×2). */
const FLAT_SPREAD = 10;
/** A cell this far (mean grey) from the background is not background. */
const OFF_BACKGROUND = 14;
/** A panel fills at least this share of its bounding rectangle (text inside it included). */
const MIN_FILL = 0.9;
/** At least this share of a panel's cells are flat at its fill's grey. */
const MIN_FLAT_SHARE = 0.3;
/** A panel's flat cells are this close to its fill's grey. */
const FILL_TOLERANCE = 10;
/** A panel is at least this large, in pixels: room for two lines of small text. */
const MIN_WIDTH_PX = 64;
const MIN_HEIGHT_PX = 32;
/**
 * At least this share of an image's cells is its background grey for it to be a screen (a slide, a
 * terminal, a page: 0.6–1 of the real corpus's frames) rather than a picture (film, a moving test
 * pattern: under 0.2), whose flat patches are not panels.
 */
const MIN_BACKGROUND_SHARE = 0.4;
/** A region this large a share of the image is its background (a slide of another colour), not a panel. */
const MAX_AREA_SHARE = 0.6;
/** A panel is read without this many pixels at its edges (its border, a dithered edge). */
const PANEL_INSET_PX = 2;
/** At most this many panels are read in one image (the largest). */
const MAX_PANELS = 4;

interface Cells {
  cols: number;
  rows: number;
  mean: Uint8Array;
  flat: Uint8Array;
}

function cellsOf(image: GrayImage): Cells {
  const cols = Math.floor(image.width / CELL);
  const rows = Math.floor(image.height / CELL);
  const mean = new Uint8Array(cols * rows);
  const flat = new Uint8Array(cols * rows);
  const { width, pixels } = image;
  const part = (x: number, y: number) => {
    const i = y * width + x;
    return (pixels[i] as number) + (pixels[i + 1] as number) + (pixels[i + width] as number) + (pixels[i + width + 1] as number);
  };
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      const x = cx * CELL;
      const y = cy * CELL;
      const a = part(x, y);
      const b = part(x + 2, y);
      const c = part(x, y + 2);
      const d = part(x + 2, y + 2);
      const cell = cy * cols + cx;
      mean[cell] = Math.round((a + b + c + d) / 16);
      flat[cell] = (Math.max(a, b, c, d) - Math.min(a, b, c, d)) / 4 <= FLAT_SPREAD ? 1 : 0;
    }
  }
  return { cols, rows, mean, flat };
}

/** The commonest mean of the flat cells `of` (all when omitted), in steps of 8, or null when none is flat. */
function flatMode(cells: Cells, of?: Iterable<number>): { grey: number; count: number } | null {
  const histogram = new Uint32Array(32);
  let any = false;
  const visit = (cell: number) => {
    if (cells.flat[cell] !== 1) return;
    const bin = (cells.mean[cell] as number) >> 3;
    histogram[bin] = (histogram[bin] as number) + 1;
    any = true;
  };
  if (of === undefined) for (let cell = 0; cell < cells.mean.length; cell++) visit(cell);
  else for (const cell of of) visit(cell);
  if (!any) return null;
  let mode = 0;
  for (let bin = 1; bin < 32; bin++) if ((histogram[bin] as number) > (histogram[mode] as number)) mode = bin;
  return { grey: mode * 8 + 4, count: histogram[mode] as number };
}

/** A panel: its box in the image's pixels, and the centres of its cells off its fill's grey (its ink: text, marks). */
export interface Panel extends PixelBox {
  ink: Array<{ x: number; y: number }>;
}

/** The centres (in pixels) of the cells of [left, right] × [top, bottom] whose mean is off the fill's grey. */
function inkOf(cells: Cells, left: number, right: number, top: number, bottom: number, fill: number): Panel['ink'] {
  const ink: Panel['ink'] = [];
  for (let cy = top; cy <= bottom; cy++)
    for (let cx = left; cx <= right; cx++)
      if (Math.abs((cells.mean[cy * cells.cols + cx] as number) - fill) > FILL_TOLERANCE)
        ink.push({ x: cx * CELL + CELL / 2, y: cy * CELL + CELL / 2 });
  return ink;
}

/** The panels of an image (see above), largest first, at most MAX_PANELS. */
export function findPanels(image: GrayImage): Panel[] {
  const cells = cellsOf(image);
  const { cols, rows, mean } = cells;
  const background = flatMode(cells);
  if (background === null) return [];
  const off = new Uint8Array(cols * rows);
  let offCount = 0;
  for (let cell = 0; cell < off.length; cell++) {
    off[cell] = Math.abs((mean[cell] as number) - background.grey) > OFF_BACKGROUND ? 1 : 0;
    offCount += off[cell] as number;
  }
  // a picture (film, a moving pattern) has no one background: its flat patches are not panels
  if (off.length - offCount < off.length * MIN_BACKGROUND_SHARE) return [];
  const label = new Int32Array(cols * rows).fill(-1);
  const panels: Panel[] = [];
  const stack: number[] = [];
  let next = 0;
  for (let seed = 0; seed < off.length; seed++) {
    if (off[seed] !== 1 || (label[seed] as number) >= 0) continue;
    const region: number[] = [];
    let left = cols;
    let right = -1;
    let top = rows;
    let bottom = -1;
    label[seed] = next;
    stack.push(seed);
    while (stack.length > 0) {
      const cell = stack.pop() as number;
      region.push(cell);
      const cx = cell % cols;
      const cy = (cell - cx) / cols;
      if (cx < left) left = cx;
      if (cx > right) right = cx;
      if (cy < top) top = cy;
      if (cy > bottom) bottom = cy;
      const neighbours = [
        cx > 0 ? cell - 1 : -1,
        cx < cols - 1 ? cell + 1 : -1,
        cy > 0 ? cell - cols : -1,
        cy < rows - 1 ? cell + cols : -1,
      ];
      for (const n of neighbours) {
        if (n < 0 || off[n] !== 1 || (label[n] as number) >= 0) continue;
        label[n] = next;
        stack.push(n);
      }
    }
    next += 1;
    const w = right - left + 1;
    const h = bottom - top + 1;
    if (w * CELL < MIN_WIDTH_PX || h * CELL < MIN_HEIGHT_PX) continue;
    if (w * h > cols * rows * MAX_AREA_SHARE || region.length < w * h * MIN_FILL) continue;
    const fill = flatMode(cells, region);
    if (fill === null || fill.count < region.length * MIN_FLAT_SHARE) continue;
    // the fill's own grey, not the background's next step
    if (Math.abs(fill.grey - background.grey) <= FILL_TOLERANCE) continue;
    panels.push({
      left: left * CELL,
      top: top * CELL,
      width: w * CELL,
      height: h * CELL,
      // its edge cells are part fill, part what lies around it: not ink
      ink: inkOf(cells, left + 1, right - 1, top + 1, bottom - 1, fill.grey),
    });
  }
  return panels.sort((a, b) => b.width * b.height - a.width * a.height).slice(0, MAX_PANELS);
}

/** The pixels of `box` (inset by `inset` on every side) as an image of their own. */
export function cropImage(image: GrayImage, box: PixelBox, inset = 0): GrayImage {
  const left = Math.min(image.width - 1, box.left + inset);
  const top = Math.min(image.height - 1, box.top + inset);
  const width = Math.max(1, Math.min(image.width - left, box.width - 2 * inset));
  const height = Math.max(1, Math.min(image.height - top, box.height - 2 * inset));
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const from = (top + y) * image.width + left;
    pixels.set(image.pixels.subarray(from, from + width), y * width);
  }
  return { width, height, pixels };
}

/** A line read this surely counts as read. */
const SURE_PANEL_LINE = 0.8;
/** A panel whose ink lies this much within lines read surely was read: it is not cut out. */
const READ_INK_SHARE = 0.8;
/** Ink this close to a line's box belongs to it. */
const INK_MARGIN_PX = CELL;
/** Reading strength of lines: their letters weighted by confidence. */
const weightOf = (lines: readonly OcrLine[]) => lines.reduce((sum, line) => sum + line.text.length * line.confidence, 0);

/**
 * The lines of a read with each panel of the image (see above) read once more on its own, enlarged as
 * a second look is: the panel's fill is then the background and its text stands out. The panel's lines
 * replace the read's lines centred in it when they read more (letters weighted by confidence); a panel
 * the read already read well keeps the read's lines.
 */
export async function withPanels(
  found: OcrLine[],
  image: GrayImage,
  read: (panel: GrayImage) => Promise<OcrLine[]>,
  minConfidence: number,
): Promise<{ lines: OcrLine[]; extraReads: number }> {
  const inside = (line: OcrLine, panel: PixelBox) => {
    const x = line.left + line.width / 2;
    const y = line.top + line.height / 2;
    return x >= panel.left && x < panel.left + panel.width && y >= panel.top && y < panel.top + panel.height;
  };
  // a panel the read already read, surely, is not cut out (an editor's pane being typed in)
  const sure = found.filter((line) => line.confidence >= SURE_PANEL_LINE && !isJunkLine(line, minConfidence));
  // a line's box is tight around its letters: a cell at its edge, half on a letter, counts as read
  const explained = (point: { x: number; y: number }) =>
    sure.some(
      (line) =>
        point.x >= line.left - INK_MARGIN_PX &&
        point.x < line.left + line.width + INK_MARGIN_PX &&
        point.y >= line.top - INK_MARGIN_PX &&
        point.y < line.top + line.height + INK_MARGIN_PX,
    );
  const panels = findPanels(image).filter((panel) => panel.ink.filter(explained).length < panel.ink.length * READ_INK_SHARE);
  if (panels.length === 0) return { lines: found, extraReads: 0 };
  const readings = await Promise.all(
    panels.map(async (panel) => {
      const scale = secondLookScale(panel.width);
      const cut = cropImage(image, panel, PANEL_INSET_PX);
      const lines = (await read(enlarge(cut, scale))).filter((line) => !isJunkLine(line, minConfidence));
      return lines.map((line) => {
        const shrunk = shrinkLine(line, scale);
        return { ...shrunk, left: shrunk.left + panel.left + PANEL_INSET_PX, top: shrunk.top + panel.top + PANEL_INSET_PX };
      });
    }),
  );
  let lines = found;
  panels.forEach((panel, i) => {
    const own = readings[i] as OcrLine[];
    const theirs = lines.filter((line) => inside(line, panel) && !isJunkLine(line, minConfidence));
    if (weightOf(own) <= weightOf(theirs)) return;
    lines = [...lines.filter((line) => !inside(line, panel)), ...own];
  });
  return { lines, extraReads: panels.length };
}
