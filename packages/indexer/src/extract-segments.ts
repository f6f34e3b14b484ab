import { availableParallelism } from 'node:os';
import { debuglog } from 'node:util';
import {
  type BBox,
  ErrorCode,
  type ExtractedSegment,
  OnscreenError,
  type OcrOptions,
  type OcrOptionsInput,
  OcrOptionsSchema,
} from '@onscreen/core';
import { decodeFrames, type GrayFrame } from './frames/decode-frames.js';
import { inkBackground, inkRows, unreadColourRuns } from './frames/ink-image.js';
import { withPanels } from './frames/panels.js';
import { type GrayImage, secondLookImage, shrinkLine } from './frames/second-look.js';
import { computeGrid } from './frames/frame-grid.js';
import { createFrameSelector, type Selection } from './frames/frame-selector.js';
import { resolveFfmpeg, resolveFfprobe } from './media/binaries.js';
import type { ProcessLimitsOption } from './media/process-limits.js';
import type { MediaSource } from './media/media-source.js';
import { ANIMATED_WEBP_FORMAT, DEFAULT_MEDIA_LIMITS, type MediaInfo, type MediaLimits, probeMedia } from './media/probe-media.js';
import { decodeAnimatedWebp } from './media/webp-frames.js';
import { createOcrPool, type OcrBinarisation, type OcrLayout, type OcrPool } from './ocr/ocr-pool.js';
import { isJunkLine, type OcrLine } from './ocr/parse-tsv.js';
import { type Confirmation, createSegmentBuilder, type SeenLine } from './segments/segment-builder.js';
import { normalizeText, stripLeadingBullet } from './segments/text-match.js';

/** Every read and what it found, under NODE_DEBUG=onscreen. */
const debug = debuglog('onscreen');

export interface ExtractOptions {
  ocr?: OcrOptionsInput;
  /** A pool to share between extractions; when absent one is made for this call and closed after. */
  pool?: OcrPool;
  ffmpegPath?: string;
  ffprobePath?: string;
  limits?: Partial<MediaLimits>;
  /** Frames wider than this are scaled down before OCR. Default 1920. */
  maxWidth?: number;
  /**
   * OS limits (with prlimit) for ffprobe (default 1 GiB address space, 60 CPU-s) and for ffmpeg's decode
   * (default 2 GiB, 120 CPU-s + 4 per second of video); `false` runs that tool without limits.
   */
  processLimits?: { ffprobe?: ProcessLimitsOption; ffmpeg?: ProcessLimitsOption };
}

export interface ExtractProgress {
  step: 'probing' | 'decoding';
  percent: number;
  framesDecoded: number;
  framesOcred: number;
}

export interface ExtractControl {
  signal?: AbortSignal;
  onProgress?: (progress: ExtractProgress) => void;
}

export interface ExtractStats {
  framesDecoded: number;
  framesOcred: number;
  elapsedMs: number;
  /** From the call to the first decoded frame (probing and ffmpeg's start); null when no frame came. */
  firstFrameMs: number | null;
}

export interface ExtractResult {
  /**
   * How long the video is, as read: its declared duration, or how far decoding got when that is clearly
   * longer (a header that claims less than the file holds). What an order is charged for.
   */
  durationMs: number;
  /** The duration the container declares (probeMedia). */
  declaredDurationMs: number;
  media: MediaInfo;
  segments: ExtractedSegment[];
  stats: ExtractStats;
}

/**
 * The selector hears what OCR found in a read this many reads later, however many workers there are,
 * so a video always gets the same reads (and the same result). It also caps the reads in flight at 5:
 * what two workers' queue (pool size × 2) allowed before; a pool of more than 2 workers is held back.
 */
const FEEDBACK_LAG_READS = 4;

/**
 * Lines read with less confidence than this earn their state a second look. Clean text on a plain
 * background reads at 0.9 and more; the lines a second look corrected or completed in the real-world
 * corpus came from reads holding a line below 0.85.
 */
const UNSURE_CONFIDENCE = 0.85;

/**
 * The duration to believe: the declared one, unless decoding went clearly past it (by more than two
 * samples and a second, so rounding and a last partial frame never change it).
 */
export function durationRead(declaredMs: number, decodedMs: number, sampleFps: number): number {
  return decodedMs > declaredMs + 2000 / sampleFps + 1000 ? decodedMs : declaredMs;
}

/** A confirming read that finds this many lines it was not confirming has seen a new page (see drainOne). */
const NEW_PAGE_LINES = 3;

/** Pixel rows [topPx, bottomPx) of a frame, full width (a line is never cut in two sideways), without copying. */
function rowsOf(frame: GrayFrame, topPx: number, bottomPx: number): { topPx: number; image: GrayImage } {
  const pixels = frame.pixels.subarray(topPx * frame.width, bottomPx * frame.width);
  return { topPx, image: { width: frame.width, height: bottomPx - topPx, pixels } };
}

/** Whether two lines' boxes share pixels. */
const overlaps = (a: OcrLine, b: OcrLine) =>
  a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;

/**
 * The lines of a read (in band pixels, the band starting at `topPx`) with what coloured rows it left
 * unread read once more, as coloured text shows best (inkRows). A line of that read that overlaps no
 * line is added; one that holds the text of every line it overlaps replaces them (green "main" read
 * alone by luma, red and green "package main" read whole); any other is dropped.
 */
async function withColouredRest(
  found: OcrLine[],
  frame: GrayFrame,
  band: { topPx: number; bottomPx: number },
  read: (image: GrayImage) => Promise<OcrLine[]>,
  minConfidence: number,
): Promise<{ lines: OcrLine[]; extraReads: number }> {
  const background = inkBackground(frame, band.topPx, band.bottomPx);
  if (background === null) return { lines: found, extraReads: 0 };
  const kept = found.filter((line) => !isJunkLine(line, minConfidence));
  const boxes = kept.map((line) => ({ ...line, top: line.top + band.topPx }));
  const runs = unreadColourRuns(frame, band.topPx, band.bottomPx, boxes);
  if (runs.length === 0) return { lines: found, extraReads: 0 };
  const [firstTop, firstBottom] = runs[0] as [number, number];
  const margin = Math.max(4, Math.round((firstBottom - firstTop) / 2));
  const top = Math.max(band.topPx, firstTop - margin);
  const bottom = Math.min(band.bottomPx, (runs.at(-1) as [number, number])[1] + margin);
  const inkLines = (await read(inkRows(frame, top, bottom, background))).filter((line) => !isJunkLine(line, minConfidence));
  if (debug.enabled)
    debug(
      'coloured rows %d–%d: %j',
      top,
      bottom,
      inkLines.map((line) => line.text),
    );
  let lines = found;
  for (const line of inkLines) {
    const placed = { ...line, top: line.top + top - band.topPx };
    const under = lines.filter((other) => !isJunkLine(other, minConfidence) && overlaps(other, placed));
    const whole = normalizeText(placed.text);
    if (!under.every((other) => whole.includes(normalizeText(other.text)))) continue;
    lines = [...lines.filter((other) => !under.includes(other)), placed];
  }
  return { lines, extraReads: 1 };
}

/** The rows of the frame the selector chose to read. */
function cropBand(frame: GrayFrame, selection: Selection, gridRows: number) {
  const topPx = Math.floor((selection.rowStart * frame.height) / gridRows);
  return rowsOf(frame, topPx, Math.min(frame.height, Math.ceil((selection.rowEnd * frame.height) / gridRows)));
}

/** The rows around some lines, with half a line height of margin. */
function bandAround(frame: GrayFrame, lines: readonly SeenLine[]) {
  const top = Math.min(...lines.map((line) => line.bbox.y - line.bbox.h / 2));
  const bottom = Math.max(...lines.map((line) => line.bbox.y + line.bbox.h * 1.5));
  return rowsOf(frame, Math.max(0, Math.floor(top * frame.height)), Math.min(frame.height, Math.ceil(bottom * frame.height)));
}

const clamp = (n: number) => Math.min(1, Math.max(0, Math.round(n * 10_000) / 10_000));

/** A line's box in the frame (0–1), from its pixels in rows starting at `topPx`. */
function frameBox(line: OcrLine, frame: Pick<GrayFrame, 'width' | 'height'>, topPx: number): BBox {
  return {
    x: clamp(line.left / frame.width),
    y: clamp((line.top + topPx) / frame.height),
    w: clamp(line.width / frame.width),
    h: clamp(line.height / frame.height),
  };
}

function toSeenLines(lines: OcrLine[], frame: Pick<GrayFrame, 'width' | 'height'>, ocr: OcrOptions, topPx: number): SeenLine[] {
  return lines
    .filter((line) => !isJunkLine(line, ocr.minConfidence))
    .map((line) => ({
      text: stripLeadingBullet(line.text.replace(/\s+/g, ' ')),
      confidence: line.confidence,
      bbox: frameBox(line, frame, topPx),
    }));
}

/** What a read found: its lines, and the boxes of those OCR was unsure of (noise included). */
interface ReadLines {
  lines: SeenLine[];
  unsureBoxes: BBox[];
}

function readLines(found: OcrLine[], frame: Pick<GrayFrame, 'width' | 'height'>, ocr: OcrOptions, topPx: number): ReadLines {
  const unsure = found.filter((line) => line.confidence < UNSURE_CONFIDENCE);
  return { lines: toSeenLines(found, frame, ocr, topPx), unsureBoxes: unsure.map((line) => frameBox(line, frame, topPx)) };
}

/**
 * Reads the on-screen text of a video: decodes it once, looks at every sampled frame at low
 * resolution, OCRs only frames that hold content not yet read, and returns line-level segments.
 */
export async function extractSegments(
  file: MediaSource,
  options: ExtractOptions = {},
  control: ExtractControl = {},
): Promise<ExtractResult> {
  const started = performance.now();
  const ocr = OcrOptionsSchema.parse(options.ocr ?? {});
  const ffmpegPath = options.ffmpegPath ?? resolveFfmpeg().path;
  const ffprobePath = options.ffprobePath ?? resolveFfprobe({ ffmpegPath }).path;
  control.onProgress?.({ step: 'probing', percent: 0, framesDecoded: 0, framesOcred: 0 });
  const maxDurationMs = { ...DEFAULT_MEDIA_LIMITS, ...options.limits }.maxDurationMs;
  // A pool of our own starts with the first frame: its start-up (compiling tesseract's wasm in every
  // worker thread) would otherwise take the cores from probing and decoding that first frame, and a
  // file refused at the probe never starts one. It is ready long before the first read is due.
  let ownPool: Promise<OcrPool> | undefined;
  const startPool = (): Promise<OcrPool> => {
    if (options.pool !== undefined) return Promise.resolve(options.pool);
    if (ownPool === undefined) {
      ownPool = createOcrPool({ languages: ocr.languages });
      ownPool.catch(() => {}); // awaited where it is used; this only marks it handled meanwhile
      ownPool.then(
        (ready) => {
          poolSize = ready.size;
        },
        () => {},
      );
    }
    return ownPool;
  };
  let poolSize = options.pool?.size ?? Math.max(1, availableParallelism());
  /** Every read of the extraction: cancelled with it, block marks erased first (ocr/block-marks.ts). */
  const recognize = async (image: GrayImage, layout: OcrLayout, binarise: OcrBinarisation = 'global'): Promise<OcrLine[]> =>
    (await startPool()).recognize(image, { signal: control.signal, eraseMarks: true, layout, binarise });
  try {
    const media = await probeMedia(file, {
      ffprobePath,
      limits: options.limits,
      signal: control.signal,
      processLimits: options.processLimits?.ffprobe,
    });
    const stats: ExtractStats = { framesDecoded: 0, framesOcred: 0, elapsedMs: 0, firstFrameMs: null };
    const selector = createFrameSelector({ changeThreshold: ocr.changeThreshold });
    const builder = createSegmentBuilder({
      sampleFps: ocr.sampleFps,
      durationMs: media.durationMs,
      changeThreshold: ocr.changeThreshold,
      mergeGapMs: ocr.mergeGapMs,
    });
    /** `next`: the sample after the read, kept to confirm text read over a moving picture. */
    const inFlight: Array<{ index: number; selection: Selection; lines: Promise<ReadLines>; next?: GrayFrame }> = [];
    const submit = (frame: GrayFrame, selection: Selection, gridRows: number) => {
      const { topPx, image: band } = cropBand(frame, selection, gridRows);
      const layout = band.height === frame.height ? 'sparse' : 'band';
      // a second look reads the state enlarged, and darker or (dithered, read tile by tile) smoothed: secondLookImage
      const { image, scale } = selection.reason === 'recheck' ? secondLookImage(band, selection.binarise) : { image: band, scale: 1 };
      const binarise = selection.binarise ?? 'global';
      const lines = (async () => {
        const found = await recognize(image, layout, binarise);
        // A band that settled over a moving picture (a caption box, a lower third) and gave no line:
        // one column of lines took the picture's marks beside the caption into its line and dropped
        // it; sparse text reads the caption alone. Read once more so, only then.
        if (layout === 'band' && selection.reason === 'settled' && !found.some((line) => !isJunkLine(line, ocr.minConfidence))) {
          stats.framesOcred += 1;
          return recognize(image, 'sparse', binarise);
        }
        if (scale !== 1) return found;
        const paneled = await withPanels(found, band, (panel) => recognize(panel, 'band'), ocr.minConfidence);
        stats.framesOcred += paneled.extraReads;
        const coloured = await withColouredRest(
          paneled.lines,
          frame,
          { topPx, bottomPx: topPx + band.height },
          (ink) => recognize(ink, ink.height === frame.height ? 'sparse' : 'band'),
          ocr.minConfidence,
        );
        stats.framesOcred += coloured.extraReads;
        return coloured.lines;
      })().then((found) => readLines(scale === 1 ? found : found.map((line) => shrinkLine(line, scale)), frame, ocr, topPx));
      if (debug.enabled) {
        void lines.then((read) =>
          debug(
            'read %d (%s, rows %d–%d, %s%s): %j',
            frame.index,
            selection.reason,
            selection.rowStart,
            selection.rowEnd,
            layout,
            selection.binarise === undefined ? '' : `, ${selection.binarise}`,
            read.lines.map((line) => line.text),
          ),
        );
      }
      lines.catch(() => {}); // awaited in order below; this only marks it handled meanwhile
      inFlight.push({ index: frame.index, selection, lines });
      stats.framesOcred += 1;
    };
    // read by the builder, not yet reported to the selector
    const unreported: Array<{ selection: Selection; textBoxes: BBox[]; foundNew: boolean; unsureBoxes: BBox[] }> = [];
    const drainOne = async () => {
      const next = inFlight.shift();
      if (next === undefined) return;
      const { lines, unsureBoxes } = await next.lines;
      const doubtful = builder.toConfirm(next.index, lines);
      let confirmation: Confirmation | undefined;
      if (doubtful.length > 0 && next.next !== undefined) {
        const frame = next.next;
        const band = bandAround(frame, doubtful);
        const found = await recognize(band.image, 'band');
        stats.framesOcred += 1;
        confirmation = { idx: frame.index, lines: toSeenLines(found, frame, ocr, band.topPx) };
        debug(
          'confirming read %d: %j',
          frame.index,
          confirmation.lines.map((line) => line.text),
        );
      }
      let started = builder.addOcr(next.index, lines, confirmation);
      // what the confirming read found besides the lines it confirms (the next caption, a better reading)
      // is a reading of its own sample, unless a read of an earlier sample is still to come
      let extra = confirmation === undefined ? [] : builder.unconfirming(lines, confirmation.lines);
      if (confirmation !== undefined && extra.length > 0 && (inFlight[0]?.index ?? Number.POSITIVE_INFINITY) >= confirmation.idx) {
        // Several new lines: that sample shows another page (a list scrolled, a slide changed), which
        // may reach past the rows the confirming read looked at and be gone by the next read: read it
        // whole. A caption replaced by the next one is one or two lines, and stays in the band.
        if (extra.length >= NEW_PAGE_LINES && next.next !== undefined) {
          const whole = rowsOf(next.next, 0, next.next.height);
          const found = await recognize(whole.image, 'sparse');
          stats.framesOcred += 1;
          extra = builder.unconfirming(lines, toSeenLines(found, next.next, ocr, 0));
          if (debug.enabled) {
            debug(
              'new page at %d, read whole: %j',
              confirmation.idx,
              extra.map((line) => line.text),
            );
          }
        }
        started += builder.addOcr(confirmation.idx, extra);
      }
      unreported.push({ selection: next.selection, textBoxes: lines.map((line) => line.bbox), foundNew: started > 0, unsureBoxes });
    };
    /** Tells the selector what OCR found in a read once FEEDBACK_LAG_READS more reads were submitted. */
    const reportFeedback = async () => {
      while (inFlight.length + unreported.length > FEEDBACK_LAG_READS) {
        if (unreported.length === 0) await drainOne();
        const read = unreported.shift();
        if (read !== undefined) selector.feedback(read.selection, read.textBoxes, read);
      }
    };
    let last: GrayFrame | undefined;
    let lastRows = 1;
    let lastOcredIndex = -1;
    // an animated WebP is decoded by onscreen itself (ffmpeg reads no WebP animation), into the same frames
    const decode = media.formatName === ANIMATED_WEBP_FORMAT ? decodeAnimatedWebp : decodeFrames;
    for await (const frame of decode(file, {
      ffmpegPath,
      sampleFps: ocr.sampleFps,
      width: media.width,
      height: media.height,
      pixelFormat: media.pixelFormat,
      lastFrameMs: media.lastFrameMs,
      maxWidth: options.maxWidth,
      durationMs: media.durationMs,
      // never past the media limit, whatever the header claims
      maxDurationMs: maxDurationMs + 1000,
      processLimits: options.processLimits?.ffmpeg,
      signal: control.signal,
    })) {
      stats.framesDecoded += 1;
      if (stats.firstFrameMs === null) {
        stats.firstFrameMs = Math.round(performance.now() - started);
        startPool();
      }
      for (const read of inFlight) if (read.index === frame.index - 1) read.next = frame;
      const grid = computeGrid(frame.pixels, frame.width, frame.height);
      builder.addSample(frame.index, grid);
      const selection = selector.next(grid);
      // a look of the sample before that this one changed again: read first (samples in order)
      const transient = selector.takeTransient();
      if (transient !== null && last !== undefined) {
        submit(last, transient, grid.rows);
        (inFlight.at(-1) as (typeof inFlight)[number]).next = frame;
      }
      if (selection !== null) {
        submit(frame, selection, grid.rows);
        lastOcredIndex = frame.index;
      }
      last = frame;
      lastRows = grid.rows;
      while (inFlight.length > poolSize * 2) await drainOne();
      await reportFeedback();
      if (frame.index % 10 === 0) {
        const percent = Math.min(99, (frame.timeMs / media.durationMs) * 100);
        control.onProgress?.({ step: 'decoding', percent, framesDecoded: stats.framesDecoded, framesOcred: stats.framesOcred });
      }
    }
    const readMs = durationRead(
      media.durationMs,
      last === undefined ? 0 : Math.round(((last.index + 1) * 1000) / ocr.sampleFps),
      ocr.sampleFps,
    );
    if (readMs > maxDurationMs) {
      throw new OnscreenError(
        ErrorCode.MEDIA_TOO_LONG,
        `The video holds more than the limit of ${maxDurationMs / 3_600_000} h, although its header says ${(media.durationMs / 1000).toFixed(1)} s.`,
        { details: { declaredDurationMs: media.durationMs, maxDurationMs } },
      );
    }
    const expectedSamples = Math.floor((media.durationMs / 1000) * ocr.sampleFps);
    if (stats.framesDecoded < expectedSamples * 0.9 - 2) {
      throw new OnscreenError(
        ErrorCode.CORRUPT_MEDIA,
        `The video ends early: only ${(stats.framesDecoded / ocr.sampleFps).toFixed(1)} s of its ${(media.durationMs / 1000).toFixed(1)} s could be decoded (the file is truncated or damaged).`,
        { details: { framesDecoded: stats.framesDecoded, expectedSamples } },
      );
    }
    if (last !== undefined && selector.pendingAtEnd() && lastOcredIndex !== last.index) {
      submit(last, { reason: 'last', rowStart: 0, rowEnd: lastRows, readId: 0 }, lastRows);
      lastOcredIndex = last.index;
    }
    while (inFlight.length > 0) await drainOne();
    // every read heard: a second look still due is made in the last sample, which still shows its state
    for (const read of unreported.splice(0)) selector.feedback(read.selection, read.textBoxes, read);
    const again = last === undefined || lastOcredIndex === last.index ? null : selector.finalRecheck();
    if (again !== null && last !== undefined) {
      submit(last, again, lastRows);
      while (inFlight.length > 0) await drainOne();
    }
    await startPool(); // a pool that could not start fails the call even when nothing was read
    const segments = builder.finish(last?.index ?? 0);
    stats.elapsedMs = Math.round(performance.now() - started);
    control.onProgress?.({ step: 'decoding', percent: 100, framesDecoded: stats.framesDecoded, framesOcred: stats.framesOcred });
    return { durationMs: readMs, declaredDurationMs: media.durationMs, media, segments, stats };
  } finally {
    if (ownPool !== undefined) await (await ownPool.catch(() => undefined))?.close();
  }
}
