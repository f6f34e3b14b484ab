import { availableParallelism } from 'node:os';
import { describeCause, ErrorCode, OnscreenError } from '@onscreen/core';
import PQueue from 'p-queue';
import type { Worker } from 'tesseract.js';
import { eraseBlockMarks } from './block-marks.js';
import { type OcrLine, parseTsvLines } from './parse-tsv.js';
import { resolveTessdata } from './tessdata.js';

export interface OcrPoolOptions {
  /** tesseract language codes joined with '+'. Default 'eng'. */
  languages?: string;
  /** Number of tesseract.js workers. Default: one per core. */
  size?: number;
  /** Recycle a worker after this many images (tesseract.js memory grows otherwise). Default 200. */
  jobsPerWorker?: number;
  /** Where a combined language directory may be made. Default: the OS temp dir. */
  cacheDir?: string;
  /** Extra places to resolve @tesseract.js-data/<lang> from (e.g. the application's directory). */
  resolveFrom?: string[];
}

export interface OcrImage {
  width: number;
  height: number;
  /** 8-bit grey pixels, width × height. */
  pixels: Uint8Array;
}

export interface OcrPool {
  readonly size: number;
  readonly languages: string;
  /**
   * Recognises the lines of one grey image; waits for a free worker. `layout: 'sparse'` (default) finds
   * text scattered over a whole frame; 'band' suits a strip cut around a few lines (sparse mode
   * misses white-on-dark captions in such strips): tesseract reads it as one column of lines. `binarise: 'global'` (default) separates ink from
   * background at one grey level for the whole image; 'local' picks the level tile by tile (text in a
   * box of another grey: a code block on a dark slide, a highlighted row). `eraseMarks` paints filled and
   * shaded blocks of a letter's size (a heading's marker, a cursor) with the background first, so that
   * tesseract does not read them as letters (`block-marks.ts`). Default false: the image as given.
   */
  recognize(image: OcrImage, options?: RecognizeOptions): Promise<OcrLine[]>;
  /** Resolves when fewer than `limit` images are waiting (producer backpressure). */
  onSizeLessThan(limit: number): Promise<void>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** PGM (P5) header + bytes: leptonica reads it directly, no PNG encoding needed. */
export function toPgm(image: OcrImage): Uint8Array {
  const header = Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'ascii');
  const out = new Uint8Array(header.length + image.pixels.length);
  out.set(header, 0);
  out.set(image.pixels, header.length);
  return out;
}

export type OcrLayout = 'sparse' | 'band';
export type OcrBinarisation = 'global' | 'local';

/** How `OcrPool.recognize` reads an image (see there). */
export interface RecognizeOptions {
  signal?: AbortSignal | undefined;
  layout?: OcrLayout;
  binarise?: OcrBinarisation;
  eraseMarks?: boolean;
}

/**
 * Page segmentation modes: 11 = sparse text; 4 = one column of text of varying sizes. A band is cut
 * through whatever lies at its edges; automatic layout (3) then took a list's numbering for a column
 * of its own and dropped it ("1. Ramen" read "Ramen"), where one column reads every line whole.
 */
const LAYOUT_PSM: Record<OcrLayout, string> = { sparse: '11', band: '4' };
/** Tesseract's thresholding_method: 0 = Otsu over the whole image, 1 = Leptonica's adaptive (tiled) Otsu. */
const BINARISATION_METHOD: Record<OcrBinarisation, string> = { global: '0', local: '1' };

interface Slot {
  worker: Promise<Worker>;
  jobs: number;
}

const TESSERACT_PARAMS = {
  tessedit_pageseg_mode: '11' as never, // sparse text: labels scattered over a whole frame
  preserve_interword_spaces: '0',
  // frames carry no resolution; tesseract estimates ~300 dpi for screen text anyway and logs each guess
  user_defined_dpi: '300',
  // tesseract's own notes ("Detected 9 diacritics") go to a file inside its sandbox, not our stderr
  debug_file: '/dev/null',
};

/** A fixed set of tesseract.js workers behind a p-queue; traineddata comes from disk only. */
export async function createOcrPool(options: OcrPoolOptions = {}): Promise<OcrPool> {
  const languages = options.languages ?? 'eng';
  const size = options.size ?? Math.max(1, availableParallelism());
  const jobsPerWorker = options.jobsPerWorker ?? 200;
  const tessdata = resolveTessdata(languages, { cacheDir: options.cacheDir, resolveFrom: options.resolveFrom });
  // loaded here, not with the module: a command that never reads a frame does not pay for it, and
  // extraction starts decoding while this loads (extract-segments.ts makes the pool beside the probe)
  const { createWorker, OEM } = await import('tesseract.js');

  const spawnWorker = async (): Promise<Worker> => {
    try {
      const worker = await createWorker(tessdata.languages, OEM.LSTM_ONLY, {
        langPath: tessdata.langPath,
        gzip: true,
        cacheMethod: 'none',
      });
      await worker.setParameters(TESSERACT_PARAMS);
      return worker;
    } catch (cause) {
      throw new OnscreenError(ErrorCode.OCR_FAILED, `tesseract.js could not start: ${describeCause(cause)}`, { cause });
    }
  };

  const slots: Slot[] = [];
  for (let i = 0; i < size; i++) slots.push({ worker: spawnWorker(), jobs: 0 });
  await Promise.all(slots.map((slot) => slot.worker));
  const idle = [...slots];
  const queue = new PQueue({ concurrency: size });
  let closing: Promise<void> | undefined;

  async function run(slot: Slot, image: OcrImage, layout: OcrLayout, binarise: OcrBinarisation, eraseMarks: boolean): Promise<OcrLine[]> {
    const worker = await slot.worker;
    try {
      // per-call tesseract parameters: the worker sets them for this image and restores them after
      const perImage = {
        ...(layout === 'sparse' ? {} : { tessedit_pageseg_mode: LAYOUT_PSM[layout] }),
        ...(binarise === 'global' ? {} : { thresholding_method: BINARISATION_METHOD[binarise] }),
      };
      const input = eraseMarks ? eraseBlockMarks(image) : image;
      const result = await worker.recognize(toPgm(input) as unknown as Buffer, perImage as never, { text: false, tsv: true });
      return parseTsvLines(result.data.tsv ?? '');
    } catch (cause) {
      throw new OnscreenError(ErrorCode.OCR_FAILED, `OCR failed: ${describeCause(cause)}`, { cause });
    } finally {
      slot.jobs += 1;
      if (slot.jobs >= jobsPerWorker) {
        slot.jobs = 0;
        slot.worker = spawnWorker();
        void worker.terminate().catch(() => {});
      }
    }
  }

  const pool: OcrPool = {
    size,
    languages,
    recognize(image, { signal, layout = 'sparse', binarise = 'global', eraseMarks = false } = {}) {
      if (closing !== undefined) return Promise.reject(new OnscreenError(ErrorCode.ABORTED, 'The OCR pool is closed.'));
      // the signal is checked when the job starts, not handed to p-queue: p-queue would free the slot of
      // a running job at once while its image still holds a tesseract worker
      return queue.add(async () => {
        if (signal?.aborted) throw new OnscreenError(ErrorCode.ABORTED, 'OCR was cancelled.', { cause: signal.reason });
        const slot = idle.pop();
        if (slot === undefined) throw new OnscreenError(ErrorCode.INTERNAL, 'No idle OCR worker (pool accounting bug).');
        try {
          return await run(slot, image, layout, binarise, eraseMarks);
        } finally {
          idle.push(slot);
        }
      }) as Promise<OcrLine[]>;
    },
    onSizeLessThan: (limit) => queue.onSizeLessThan(limit),
    close() {
      closing ??= (async () => {
        await queue.onIdle().catch(() => {});
        await Promise.all(slots.map(async (slot) => (await slot.worker.catch(() => undefined))?.terminate().catch(() => {})));
      })();
      return closing;
    },
    [Symbol.asyncDispose]: () => pool.close(),
  };
  return pool;
}
