import type { BBox } from '@onscreen/core';
import type { OcrBinarisation } from '../ocr/ocr-pool.js';
import { cellChanged, cellHasStructure, type FrameGrid } from './frame-grid.js';

/** What OCR made of a read, as the second look needs it (cells and rows of the read's grid). */
export interface ReadOutcome {
  /** The read's rows (end exclusive). */
  rowStart: number;
  rowEnd: number;
  /** Per cell of the grid, 1 where OCR found text (with a cell of margin). */
  textCells: Uint8Array;
  /** Per cell, 1 where the cell was still when read (a moving cell's look was a passing moment). */
  stillCells: Uint8Array;
  /** Lines OCR was unsure of: below the confidence it trusts, or dropped as noise. */
  unsureBoxes: readonly BBox[];
}

/** Rows of a read to look at again, and how the second look separates ink from background. */
export interface Doubt {
  rowStart: number;
  rowEnd: number;
  binarise: OcrBinarisation;
}

/**
 * The rows of a read worth a second look, or null when OCR's reading is to be trusted: the rows of the
 * lines it was unsure of, and those of still cells with structure (an edge, ink) where it found no text
 * at all (a code block it could not binarise, a table cell it skipped). A read that found clean text
 * over a plain background gets none.
 *
 * Marks where nothing was read at all are most often text that one grey level for the whole image
 * could not separate (coloured code in a grey box on a dark slide): their second look binarises tile
 * by tile ('local'). Lines read with low confidence get the global level again, enlarged (film behind
 * subtitles is where a tiled level finds edges that are not text).
 */
export function doubtfulRows(grid: FrameGrid, outcome: ReadOutcome, minUnexplainedCells: number): Doubt | null {
  let first = grid.rows;
  let last = -1;
  for (const box of outcome.unsureBoxes) {
    first = Math.min(first, Math.max(outcome.rowStart, Math.floor(box.y * grid.rows)));
    last = Math.max(last, Math.min(outcome.rowEnd - 1, Math.ceil((box.y + box.h) * grid.rows) - 1));
  }
  let unexplained = 0;
  let unexplainedFirst = grid.rows;
  let unexplainedLast = -1;
  for (let i = outcome.rowStart * grid.cols; i < outcome.rowEnd * grid.cols; i++) {
    if (outcome.stillCells[i] !== 1 || outcome.textCells[i] === 1 || !cellHasStructure(grid, i)) continue;
    unexplained += 1;
    const row = Math.floor(i / grid.cols);
    unexplainedFirst = Math.min(unexplainedFirst, row);
    unexplainedLast = Math.max(unexplainedLast, row);
  }
  const unread = unexplained >= minUnexplainedCells;
  if (unread) {
    first = Math.min(first, unexplainedFirst);
    last = Math.max(last, unexplainedLast);
  }
  return last < first ? null : { rowStart: first, rowEnd: last + 1, binarise: unread ? 'local' : 'global' };
}

interface Pending {
  readId: number;
  /** The read's band and its grid. */
  rowStart: number;
  rowEnd: number;
  grid: FrameGrid;
  atSample: number;
  /**
   * The rows that must still look the same for a second look, and how it binarises: OCR's doubt once its
   * result is heard; before that, the whole read, tile by tile, where the look is made without waiting.
   */
  doubt?: Doubt;
}

export interface RecheckQueue {
  /**
   * A read that may deserve a second look. While OCR was unsure of one of the last reads heard of (or
   * none was heard yet), it gets one without waiting for its own result (`recheckSamples` after it);
   * otherwise only once its result is heard and doubtful.
   */
  add(readId: number, rowStart: number, rowEnd: number, grid: FrameGrid, atSample: number): void;
  /** OCR's result for a read that could get a second look: its doubtful rows, or null (none needed). */
  judge(readId: number, doubt: Doubt | null): void;
  /**
   * The band to read again in `grid` (sample `sampleIndex`), or null. Reads whose doubtful rows have
   * changed since are dropped: the state is gone, and what replaced it is read on its own. A look made
   * before its read's result was heard binarises tile by tile ('local'): the first read used the global
   * level, so the second gives the other method its chance (measured on the real-world corpus: this
   * found code blocks and table rows that the global level, enlarged, did not).
   */
  due(grid: FrameGrid, sampleIndex: number): { rowStart: number; rowEnd: number; binarise: OcrBinarisation } | null;
}

/**
 * How many of the last reads heard of decide whether a new read gets its second look before its own
 * result is heard: a read is heard of several reads later, by when a slide read once has often gone.
 */
const RECENT_VERDICTS = 4;

/**
 * The second looks to come. A read is heard from several reads after it was made (OCR runs in a
 * pipeline). Where OCR has lately been unsure, a read gets its second look in the first sample with
 * nothing else to read at least `recheckSamples` after it (the state may not last until its result);
 * where it has been sure, the look waits for the read's own result and is made only if that is
 * doubtful, while the doubtful rows still show what was read.
 */
export function createRecheckQueue(options: { changeThreshold: number; recheckSamples: number; maxPending: number }): RecheckQueue {
  let pending: Pending[] = [];
  /** The last verdicts heard (true: doubtful). */
  const verdicts: boolean[] = [];
  const unchanged = (grid: FrameGrid, entry: Pending, rowStart: number, rowEnd: number) => {
    for (let i = rowStart * grid.cols; i < rowEnd * grid.cols; i++) {
      if (cellChanged(grid, entry.grid, i, options.changeThreshold)) return false;
    }
    return true;
  };
  return {
    add(readId, rowStart, rowEnd, grid, atSample) {
      if (options.recheckSamples <= 0) return;
      const eager = verdicts.length === 0 || verdicts.includes(true);
      pending.push({ readId, rowStart, rowEnd, grid, atSample, ...(eager ? { doubt: { rowStart, rowEnd, binarise: 'local' } } : {}) });
      if (pending.length > options.maxPending) pending.shift();
    },
    judge(readId, doubt) {
      verdicts.push(doubt !== null);
      if (verdicts.length > RECENT_VERDICTS) verdicts.shift();
      const index = pending.findIndex((entry) => entry.readId === readId);
      if (index < 0) return;
      if (doubt === null) pending.splice(index, 1);
      else (pending[index] as Pending).doubt = doubt;
    },
    due(grid, sampleIndex) {
      if (pending.length === 0 || grid.cols !== pending[0]?.grid.cols || grid.rows !== pending[0]?.grid.rows) {
        pending = [];
        return null;
      }
      pending = pending.filter((entry) => entry.doubt === undefined || unchanged(grid, entry, entry.doubt.rowStart, entry.doubt.rowEnd));
      const index = pending.findIndex((entry) => entry.doubt !== undefined && entry.atSample + options.recheckSamples <= sampleIndex);
      if (index < 0) return null;
      const [entry] = pending.splice(index, 1) as [Pending];
      return { rowStart: entry.rowStart, rowEnd: entry.rowEnd, binarise: (entry.doubt as Doubt).binarise };
    },
  };
}
