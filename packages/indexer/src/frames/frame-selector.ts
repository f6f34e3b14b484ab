import type { BBox } from '@onscreen/core';
import type { OcrBinarisation } from '../ocr/ocr-pool.js';
import { cellChanged, type FrameGrid, hasStructure, QUADRANTS } from './frame-grid.js';
import { createRecheckQueue, doubtfulRows } from './recheck-queue.js';
import { createTextlessLooks } from './textless-looks.js';

export interface FrameSelectorOptions {
  /** Mean grey-level difference of a cell that counts as a change. */
  changeThreshold: number;
  /** Cells that changed in this share of recent samples are treated as ever-changing (a clock, a video inset). */
  volatileShare?: number;
  /** How many quiet ever-changing cells together mean something new settled over them (a lower third). Default 1% of the grid. */
  minSettledCells?: number;
  /** OCR a change that has not settled after this many samples anyway (animations, fades). */
  maxWaitSamples?: number;
  /**
   * A look of still-picture cells that lasted one sample (the next sample changed it again: a tab that
   * flicked by, typing, an animation) is read, in that sample, when its rows were not read for this many
   * samples: no region goes unread longer than a 1 fps reader would leave it. Default 2 (1 s at 2 fps).
   */
  transientReadSamples?: number;
  /**
   * The coverage guarantee: a cell that shows a look other than the one last read there (ever-changing
   * cells included) is read when its rows went unread for this many samples, whether or not the look
   * settled. Default 2 (1 s at 2 fps): what a naive 1 fps reader would read, the selector reads too.
   */
  sweepSamples?: number;
  /**
   * A state that was read, whose reading OCR was unsure of (see `feedback`), is read once more (reason
   * `recheck`, read enlarged: see `secondLookImage`) when it is heard of, if it still shows and this many
   * samples have passed since the read. Default 1; 0 turns second looks off.
   */
  recheckSamples?: number;
}

/** `transient`: the previous sample is to be read (its look lasted one sample), not the one just fed. */
export type SelectReason = 'first' | 'changed' | 'settled' | 'waited' | 'transient' | 'sweep' | 'recheck' | 'last';

export interface Selection {
  reason: SelectReason;
  /** The band of grid rows that holds what changed (end exclusive); the whole frame when most of it changed. */
  rowStart: number;
  rowEnd: number;
  /** Identifies the read when its OCR result is reported back with `feedback`. */
  readId: number;
  /** The sample to read is the one before the sample just fed (reason `transient`). */
  previous?: boolean;
  /** How a second look (reason `recheck`) separates ink from background; other reads: 'global'. */
  binarise?: OcrBinarisation;
}

/** Reads kept for `feedback`; older ones are forgotten. */
const MAX_UNREPORTED_READS = 32;
/** Bands taller than this share of the frame are read as the whole frame. */
const FULL_FRAME_SHARE = 0.5;

export interface FrameSelector {
  /** Feeds the next sample's grid; returns why and where it should be OCRed, or null to skip it. */
  next(grid: FrameGrid): Selection | null;
  /**
   * After `next`: a read of the sample before (reason `transient`, `previous: true`) when a look there
   * lasted only that sample; read it before the selection `next` returned. Null when there is none.
   */
  takeTransient(): Selection | null;
  /** After the last sample: whether a change is still unread (then OCR the last frame). */
  pendingAtEnd(): boolean;
  /**
   * Reports where OCR found text in a read: the still cells elsewhere in the band are remembered as
   * holding no text, so a return to that look (text leaving, a moving picture going back) is not read again.
   * `foundNew` (default: any text found): the read started a line not on screen before; transient reads
   * that start none back off (see `transientMisses`). `unsureBoxes`: lines OCR was unsure of (low
   * confidence); they, and still cells with structure where no text was found, earn the read's state
   * a second look (see `recheckSamples`).
   */
  feedback(selection: Selection, textBoxes: readonly BBox[], outcome?: ReadFeedback): void;
  /**
   * After the last sample and the feedback of every read: a second look still due, read in the last
   * sample (which still shows the doubtful state), or null.
   */
  finalRecheck(): Selection | null;
}

export interface ReadFeedback {
  /** The read started a line not on screen before (default: any text was found). */
  foundNew?: boolean;
  /** Lines OCR read with low confidence. */
  unsureBoxes?: readonly BBox[];
}

const EMA_WEIGHT = 0.25;
/** Transient reads of a place that found nothing wait at most 2^this times longer. */
const MAX_TRANSIENT_BACKOFF = 3;
/** Sweep reads of a place that found nothing new wait at most 2^this times longer (4 s at the default 1 s). */
const MAX_SWEEP_BACKOFF = 2;
/** Reads that get a second look when their state stays (not those of passing looks, nor second looks). */
const SECOND_LOOK_REASONS: ReadonlySet<SelectReason> = new Set(['first', 'changed', 'settled', 'waited']);
/** Reads waiting for their result or their second look; the oldest is given up beyond this (feedback comes 4–5 reads later). */
const MAX_PENDING_RECHECKS = 8;
/** Still cells with structure where OCR found no text that make a read doubtful: one is a bullet or an icon. */
const MIN_UNEXPLAINED_CELLS = 3;
/** A transient look covers at least this many cells (a short word): one cell is more likely a spike of noise. */
const MIN_TRANSIENT_CELLS = 2;
/** Over an ever-changing picture, a region must stay still this many intervals to count as settled (1: a one-second caption must still count). */
const SETTLED_QUIET_SAMPLES = 1;

/** Cells that are volatile or touch a volatile cell (a clock's slow digits sit next to its fast ones). */
function dilate(volatility: Float32Array, cols: number, rows: number, share: number): Uint8Array {
  const out = new Uint8Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if ((volatility[r * cols + c] as number) < share) continue;
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          if (rr >= 0 && rr < rows && cc >= 0 && cc < cols) out[rr * cols + cc] = 1;
        }
      }
    }
  }
  return out;
}

/** Cells that touch a text box, with one cell of margin (a line's edges blur into its neighbours). */
function textCells(grid: Pick<FrameGrid, 'cols' | 'rows'>, boxes: readonly BBox[]): Uint8Array {
  const out = new Uint8Array(grid.cols * grid.rows);
  for (const box of boxes) {
    const c0 = Math.max(0, Math.floor(box.x * grid.cols) - 1);
    const c1 = Math.min(grid.cols - 1, Math.ceil((box.x + box.w) * grid.cols));
    const r0 = Math.max(0, Math.floor(box.y * grid.rows) - 1);
    const r1 = Math.min(grid.rows - 1, Math.ceil((box.y + box.h) * grid.rows));
    for (let r = r0; r <= r1; r++) out.fill(1, r * grid.cols + c0, r * grid.cols + c1 + 1);
  }
  return out;
}

/** `base` with rows [rowStart, rowEnd) taken from `update`. */
function withRows(base: FrameGrid, update: FrameGrid, rowStart: number, rowEnd: number): FrameGrid {
  const cells = base.cells.slice();
  const perRow = (update.cells.length / update.rows) | 0;
  cells.set(update.cells.subarray(rowStart * perRow, rowEnd * perRow), rowStart * perRow);
  return { cols: base.cols, rows: base.rows, cells };
}

/**
 * Decides which sampled frames hold content not yet read. Each cell is compared with the previous
 * sample (is it moving?) and with the last OCRed frame (is it new?). A frame is OCRed when new content
 * has stopped moving; cells that never stop changing are masked unless a large area settles over them.
 */
export function createFrameSelector(options: FrameSelectorOptions): FrameSelector {
  const volatileShare = options.volatileShare ?? 0.3;
  const minSettledCellsOption = options.minSettledCells;
  const maxWaitSamples = options.maxWaitSamples ?? 3;
  const transientReadSamples = options.transientReadSamples ?? 2;
  const sweepSamples = options.sweepSamples ?? 2;
  const recheckSamples = options.recheckSamples ?? 1;
  const rechecks = createRecheckQueue({ changeThreshold: options.changeThreshold, recheckSamples, maxPending: MAX_PENDING_RECHECKS });
  let previous: FrameGrid | undefined;
  let beforePrevious: FrameGrid | undefined;
  let sampleIndex = -1;
  /** Per cell, the sample at which its row was last read (-Infinity: never). */
  let lastReadAt = new Float64Array(0);
  /**
   * Per cell, transient reads in a row that found no text there: each doubles the wait before the next
   * (a moving picture with nothing written on it is looked at every 1, 2, 4, then 8 s); text found resets it.
   */
  let transientMisses = new Uint8Array(0);
  let transientRowMin = 0;
  let transientRowMax = -1;
  let sweepRowMin = 0;
  let sweepRowMax = -1;
  let lastOcred: FrameGrid | undefined;
  /** Each cell as it looked at the last read that caught it still: what a passing object hid. */
  let stillRead: FrameGrid | undefined;
  /** Cells that were moving when last read: their look then was a passing moment, not content. */
  let movingAtRead = new Uint8Array(0);
  let textless = createTextlessLooks(0, options.changeThreshold);
  /** Each unreported read's grid and which of its cells were still (its rows are in the Selection). */
  const reads = new Map<number, { grid: FrameGrid; still: Uint8Array }>();
  let readCount = 0;
  let volatility = new Float32Array(0);
  let quietRuns = new Uint8Array(0);
  let waitingSamples = 0;

  let rowMin = 0;
  let rowMax = 0;
  let volatileRowMin = 0;
  let volatileRowMax = 0;

  const differsFrom = (reference: FrameGrid, grid: FrameGrid, before: FrameGrid, i: number) =>
    cellChanged(grid, reference, i, options.changeThreshold) && cellChanged(before, reference, i, options.changeThreshold);

  /** Records what rows [rowStart, rowEnd) of `grid` looked like when read, and which of their cells were moving. */
  function markRead(grid: FrameGrid, before: FrameGrid | undefined, rowStart: number, rowEnd: number, atSample: number): Uint8Array {
    lastReadAt.fill(atSample, rowStart * grid.cols, rowEnd * grid.cols);
    if (stillRead === undefined) stillRead = { cols: grid.cols, rows: grid.rows, cells: grid.cells.slice() };
    const still = new Uint8Array(grid.cols * grid.rows);
    for (let i = rowStart * grid.cols; i < rowEnd * grid.cols; i++) {
      const moving = before !== undefined && cellChanged(grid, before, i, options.changeThreshold);
      movingAtRead[i] = moving ? 1 : 0;
      still[i] = moving ? 0 : 1;
      if (!moving) stillRead.cells.set(grid.cells.subarray(i * QUADRANTS, (i + 1) * QUADRANTS), i * QUADRANTS);
    }
    return still;
  }

  /**
   * Cell `i` of the previous sample showed a look not read yet, and this sample changed it again: that
   * look lasted one sample. It counts when its row went unread for `transientReadSamples`. Ever-changing
   * cells count too (tabs flicking by, captions over a moving picture): a 1 fps reader would read them.
   */
  function transientAt(grid: FrameGrid, i: number): boolean {
    if (previous === undefined || lastOcred === undefined) return false;
    const waitSamples = transientReadSamples * 2 ** Math.min(MAX_TRANSIENT_BACKOFF, transientMisses[i] as number);
    if (sampleIndex - 1 - (lastReadAt[i] as number) < waitSamples) return false;
    // twice the change threshold both ways: one sample of noise is not a look
    const strong = options.changeThreshold * 2;
    if (!cellChanged(previous, lastOcred, i, strong) || !cellChanged(grid, previous, i, strong)) return false;
    if (movingAtRead[i] === 1 && stillRead !== undefined && !cellChanged(previous, stillRead, i, options.changeThreshold)) return false;
    return !textless.matches(previous, i);
  }

  /**
   * Cell `i` shows new content (the caller checked) and its rows went unread for `sweepSamples`: read it
   * now, settled or not. Where such reads of a place keep finding nothing new (a moving picture), the
   * wait doubles, up to 2^MAX_SWEEP_BACKOFF times.
   */
  function stale(i: number): boolean {
    const backoff = Math.min(MAX_SWEEP_BACKOFF, transientMisses[i] as number);
    return sampleIndex - (lastReadAt[i] as number) >= sweepSamples * 2 ** backoff;
  }

  function decide(grid: FrameGrid): SelectReason | null {
    if (previous === undefined || lastOcred === undefined) return 'first';
    rowMin = volatileRowMin = transientRowMin = sweepRowMin = grid.rows;
    rowMax = volatileRowMax = transientRowMax = sweepRowMax = -1;
    let transientCells = 0;
    let sweepCells = 0;
    let settledStable = 0;
    let settledVolatile = 0;
    let unsettledStable = 0;
    const volatileNear = dilate(volatility, grid.cols, grid.rows, volatileShare);
    for (let i = 0; i < grid.cols * grid.rows; i++) {
      const moving = cellChanged(grid, previous, i, options.changeThreshold);
      const wasVolatile = volatileNear[i] === 1;
      volatility[i] = (volatility[i] as number) * (1 - EMA_WEIGHT) + (moving ? EMA_WEIGHT : 0);
      quietRuns[i] = moving ? 0 : Math.min(255, (quietRuns[i] as number) + 1);
      if (moving && transientAt(grid, i)) {
        const row = Math.floor(i / grid.cols);
        transientCells += 1;
        transientRowMin = Math.min(transientRowMin, row);
        transientRowMax = Math.max(transientRowMax, row);
      }
      // new content differs from what was read in this sample and the one before: one noisy sample is not enough
      if (!differsFrom(lastOcred, grid, previous, i)) continue;
      // an object that was passing when this cell was read has gone: the cell shows again what was read before
      if (movingAtRead[i] === 1 && stillRead !== undefined && !differsFrom(stillRead, grid, previous, i)) continue;
      // back to a look that was read and held no text
      if (textless.matches(grid, i)) continue;
      const row = Math.floor(i / grid.cols);
      if (stale(i)) {
        sweepCells += 1;
        sweepRowMin = Math.min(sweepRowMin, row);
        sweepRowMax = Math.max(sweepRowMax, row);
      }
      if (!wasVolatile) {
        rowMin = Math.min(rowMin, row);
        rowMax = Math.max(rowMax, row);
      } else if (!moving) {
        volatileRowMin = Math.min(volatileRowMin, row);
        volatileRowMax = Math.max(volatileRowMax, row);
      }
      if (moving) {
        if (!wasVolatile) unsettledStable += 1;
      } else if (wasVolatile) {
        // not a periodic lull of the picture
        if ((quietRuns[i] as number) >= SETTLED_QUIET_SAMPLES) settledVolatile += 1;
      } else settledStable += 1;
    }
    if (transientCells < MIN_TRANSIENT_CELLS || beforePrevious === undefined) transientRowMax = -1;
    const sweeping = sweepCells >= MIN_TRANSIENT_CELLS;
    /** The rows a read takes in: those of its own reason, and the stale ones (read now, never later). */
    const withSweep = (reason: SelectReason): SelectReason => {
      if (sweeping) {
        rowMin = Math.min(rowMin, sweepRowMin);
        rowMax = Math.max(rowMax, sweepRowMax);
      }
      return reason;
    };
    if (settledStable > 0) return withSweep('changed');
    const minSettledCells = minSettledCellsOption ?? Math.max(6, Math.round(grid.cols * grid.rows * 0.01));
    if (settledVolatile >= minSettledCells) {
      rowMin = Math.min(rowMin, volatileRowMin);
      rowMax = Math.max(rowMax, volatileRowMax);
      return withSweep('settled');
    }
    waitingSamples = unsettledStable > 0 ? waitingSamples + 1 : 0;
    if (waitingSamples > maxWaitSamples) return withSweep('waited');
    if (sweeping) {
      rowMin = sweepRowMin;
      rowMax = sweepRowMax;
      return 'sweep';
    }
    return null;
  }

  /** Makes a read of grid rows [first − 1, last + 2) of `read` (the whole frame when that is most of it). */
  function select(
    reason: SelectReason,
    read: FrameGrid,
    before: FrameGrid | undefined,
    first: number,
    last: number,
    atSample: number,
  ): Selection | null {
    let rowStart = Math.max(0, first - 1);
    let rowEnd = Math.min(read.rows, last + 2);
    if (reason === 'first' || lastOcred === undefined || rowEnd <= rowStart || rowEnd - rowStart > read.rows * FULL_FRAME_SHARE) {
      rowStart = 0;
      rowEnd = read.rows;
    }
    // only the rows that are read count as read: a change elsewhere must still trigger its own read
    lastOcred = rowStart === 0 && rowEnd === read.rows ? read : withRows(lastOcred as FrameGrid, read, rowStart, rowEnd);
    const still = markRead(read, before, rowStart, rowEnd, atSample);
    if (!hasStructure(read)) {
      for (let i = rowStart * read.cols; i < rowEnd * read.cols; i++) textless.add(read, i);
      return null;
    }
    readCount += 1;
    reads.set(readCount, { grid: read, still });
    // a caller that never reports back gets the selector as it was without feedback, in bounded memory
    if (reads.size > MAX_UNREPORTED_READS) reads.delete(reads.keys().next().value as number);
    return { reason, rowStart, rowEnd, readId: readCount, ...(reason === 'transient' ? { previous: true } : {}) };
  }

  let transientRead: Selection | null = null;

  /**
   * The second look: a read OCR was unsure of, whose doubtful rows still show what was read, is read
   * again (once); one whose doubtful rows changed meanwhile is dropped (the change is read on its own).
   */
  function recheck(grid: FrameGrid, before: FrameGrid | undefined): Selection | null {
    const due = rechecks.due(grid, sampleIndex);
    if (due === null) return null;
    // select() widens a band by a row each way; these are the rows read before
    const selection = select('recheck', grid, before, due.rowStart + 1, due.rowEnd - 2, sampleIndex);
    return selection === null ? null : { ...selection, binarise: due.binarise };
  }

  return {
    next(grid) {
      if (volatility.length !== grid.cols * grid.rows) {
        volatility = new Float32Array(grid.cols * grid.rows);
        quietRuns = new Uint8Array(grid.cols * grid.rows);
        movingAtRead = new Uint8Array(grid.cols * grid.rows);
        lastReadAt = new Float64Array(grid.cols * grid.rows).fill(Number.NEGATIVE_INFINITY);
        transientMisses = new Uint8Array(grid.cols * grid.rows);
        stillRead = undefined;
        textless = createTextlessLooks(grid.cols * grid.rows, options.changeThreshold);
      }
      sampleIndex += 1;
      const reason = decide(grid);
      const rows = { start: rowMin, end: rowMax };
      const before = previous;
      const twoBack = beforePrevious;
      beforePrevious = previous;
      previous = grid;
      // the look that lasted one sample is read first, so that the current sample's read overrides its rows
      transientRead =
        transientRowMax >= 0 && before !== undefined
          ? select('transient', before, twoBack, transientRowMin, transientRowMax, sampleIndex - 1)
          : null;
      if (reason === null) return recheck(grid, before);
      waitingSamples = 0;
      const selection = select(reason, grid, before, rows.start, rows.end, sampleIndex);
      if (selection !== null && SECOND_LOOK_REASONS.has(reason))
        rechecks.add(selection.readId, selection.rowStart, selection.rowEnd, grid, sampleIndex);
      return selection;
    },
    takeTransient() {
      const read = transientRead;
      transientRead = null;
      return read;
    },
    pendingAtEnd: () => waitingSamples > 0,
    finalRecheck: () => (previous === undefined ? null : recheck(previous, beforePrevious)),
    feedback(selection, textBoxes, outcome = {}) {
      const read = reads.get(selection.readId);
      if (read === undefined) return;
      reads.delete(selection.readId);
      const { grid, still } = read;
      const foundNew = outcome.foundNew ?? textBoxes.length > 0;
      const hasText = textCells(grid, textBoxes);
      const { rowStart, rowEnd } = selection;
      const unsureBoxes = outcome.unsureBoxes ?? [];
      if (SECOND_LOOK_REASONS.has(selection.reason))
        rechecks.judge(
          selection.readId,
          doubtfulRows(grid, { rowStart, rowEnd, textCells: hasText, stillCells: still, unsureBoxes }, MIN_UNEXPLAINED_CELLS),
        );
      // new text in the band keeps its transient reads coming every second; none (or only text already
      // on screen, or a clock the segment builder drops) backs them off
      const backoff = foundNew ? 0 : 1;
      for (let i = selection.rowStart * grid.cols; i < selection.rowEnd * grid.cols; i++) {
        if (still[i] === 1 && hasText[i] === 0) textless.add(grid, i);
        if (selection.reason === 'transient' || selection.reason === 'sweep')
          transientMisses[i] = backoff === 0 ? 0 : Math.min(255, (transientMisses[i] as number) + 1);
        else if (hasText[i] === 1) transientMisses[i] = 0;
      }
    },
  };
}
