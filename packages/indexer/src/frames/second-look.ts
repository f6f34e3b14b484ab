import type { OcrBinarisation } from '../ocr/ocr-pool.js';
import type { OcrLine } from '../ocr/parse-tsv.js';

/** A grey image: `pixels` holds `width × height` bytes, row by row. */
export interface GrayImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** How much a second look enlarges what it reads (see `secondLookScale`). */
export const SECOND_LOOK_SCALE = 1.5;
/** A second look is never wider than this: tesseract's time grows with the pixels it is given. */
export const SECOND_LOOK_MAX_WIDTH = 2880;

/**
 * The scale of a second look at an image `width` pixels wide: SECOND_LOOK_SCALE, less for images that
 * would become wider than SECOND_LOOK_MAX_WIDTH, never below 1.
 */
export function secondLookScale(width: number): number {
  return Math.max(1, Math.min(SECOND_LOOK_SCALE, SECOND_LOOK_MAX_WIDTH / width));
}

/**
 * Enlarges a grey image by `scale` with bilinear interpolation (pixel centres aligned). Used for the
 * second look at a state: tesseract reads small text (chart labels, decimal points) better larger, and
 * the different size gives its global threshold another chance on dithered or low-contrast text.
 */
export function enlarge(image: GrayImage, scale: number): GrayImage {
  if (scale === 1) return image;
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const src = image.pixels;
  const out = new Uint8Array(width * height);
  // per output column: the two source columns and the weight of the second
  const x0s = new Uint32Array(width);
  const x1s = new Uint32Array(width);
  const fxs = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const sx = Math.min(image.width - 1, Math.max(0, (x + 0.5) / scale - 0.5));
    const x0 = Math.floor(sx);
    x0s[x] = x0;
    x1s[x] = Math.min(image.width - 1, x0 + 1);
    fxs[x] = sx - x0;
  }
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.max(0, (y + 0.5) / scale - 0.5));
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    const row0 = y0 * image.width;
    const row1 = Math.min(image.height - 1, y0 + 1) * image.width;
    const rowOut = y * width;
    for (let x = 0; x < width; x++) {
      const a = x0s[x] as number;
      const b = x1s[x] as number;
      const fx = fxs[x] as number;
      const top = (src[row0 + a] as number) + ((src[row0 + b] as number) - (src[row0 + a] as number)) * fx;
      const bottom = (src[row1 + a] as number) + ((src[row1 + b] as number) - (src[row1 + a] as number)) * fx;
      out[rowOut + x] = Math.round(top + (bottom - top) * fy);
    }
  }
  return { width, height, pixels: out };
}

/**
 * Every grey level one lower. Tesseract binarises a page at one global (Otsu) level; on dithered or
 * low-contrast text (a code block on a GIF slide) that level flips with a shift of one, and a block read
 * in full one way is not read at all the other (measured on a deck recorded as a GIF: its code blocks
 * were read only this way). A naive 1 fps reader gets such chances by accident (its scaler rounds
 * differently, a video's frames differ); the second look gives one on purpose.
 */
export function oneLevelDarker(image: GrayImage): GrayImage {
  const pixels = new Uint8Array(image.pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const v = image.pixels[i] as number;
    pixels[i] = v === 0 ? 0 : v - 1;
  }
  return { width: image.width, height: image.height, pixels };
}

/**
 * Each pixel the mean of its 3×3 neighbourhood (fewer at the edges). GIF screen recordings draw grey
 * boxes as a checkerboard of two levels (dithering); a tiled threshold sees every dot of it as ink and
 * the text inside is lost. Averaged, the box is one grey again. Text strokes keep most of their contrast.
 */
export function smooth3(image: GrayImage): GrayImage {
  const { width, height, pixels } = image;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const top = Math.max(0, y - 1);
    const bottom = Math.min(height - 1, y + 1);
    for (let x = 0; x < width; x++) {
      const left = Math.max(0, x - 1);
      const right = Math.min(width - 1, x + 1);
      let sum = 0;
      for (let yy = top; yy <= bottom; yy++) for (let xx = left; xx <= right; xx++) sum += pixels[yy * width + xx] as number;
      out[y * width + x] = Math.round(sum / ((bottom - top + 1) * (right - left + 1)));
    }
  }
  return { width, height, pixels: out };
}

/** Level difference between a pixel and its four neighbours that makes it a dot of a dither pattern. */
const DITHER_STEP = 8;
/** Share of pixels that are such dots above which an image is taken as dithered. */
const DITHERED_SHARE = 0.02;

/**
 * Whether an image holds a dither pattern: pixels brighter (or darker) than all four neighbours by
 * DITHER_STEP, over DITHERED_SHARE of the image. A checkerboard-dithered grey box is nothing but such
 * dots; text strokes are lines (their neighbours along the stroke are alike), so clean text, however
 * small, is not smoothed.
 */
export function isDithered(image: GrayImage): boolean {
  const { width, height, pixels } = image;
  if (width < 3 || height < 3) return false;
  let dots = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const v = pixels[i] as number;
      const l = pixels[i - 1] as number;
      const r = pixels[i + 1] as number;
      const u = pixels[i - width] as number;
      const d = pixels[i + width] as number;
      const up = v - DITHER_STEP;
      const down = v + DITHER_STEP;
      if ((l <= up && r <= up && u <= up && d <= up) || (l >= down && r >= down && u >= down && d >= down)) dots += 1;
    }
  }
  return dots > (width - 2) * (height - 2) * DITHERED_SHARE;
}

/**
 * What a second look at a state reads: the same rows enlarged by `secondLookScale`, and then, for a
 * look at tesseract's global level, one grey level darker (another global threshold); for a look
 * binarised tile by tile, smoothed first where the image is dithered (`smooth3`: a dithered box
 * becomes one grey). Lines found in it are divided by `scale` to return to the frame's pixels.
 */
export function secondLookImage(band: GrayImage, binarise: OcrBinarisation = 'global'): { image: GrayImage; scale: number } {
  const scale = secondLookScale(band.width);
  if (binarise === 'local' && isDithered(band)) return { image: enlarge(smooth3(band), scale), scale };
  return { image: oneLevelDarker(enlarge(band, scale)), scale };
}

/** A line found in an image enlarged by `scale`, in the image's own pixels. */
export function shrinkLine(line: OcrLine, scale: number): OcrLine {
  return { ...line, left: line.left / scale, top: line.top / scale, width: line.width / scale, height: line.height / scale };
}
