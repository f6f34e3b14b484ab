import type { BBox, ExtractedSegment } from '@onscreen/core';
import { cellChanged, cellsInBox, type FrameGrid } from '../frames/frame-grid.js';
import { boxOverlap, completes, digitVariant, leadsInto, normalizeText, readAgainIn, sameLine } from './text-match.js';

export interface SeenLine {
  text: string;
  confidence: number;
  bbox: BBox;
}

/** What OCR read, in sample `idx`, around lines that were read over a moving picture. */
export interface Confirmation {
  idx: number;
  lines: readonly SeenLine[];
}

export interface SegmentBuilderOptions {
  sampleFps: number;
  durationMs: number;
  changeThreshold: number;
  mergeGapMs: number;
}

interface OpenSegment {
  text: string;
  norm: string;
  confidence: number;
  bbox: BBox;
  cells: number[];
  firstIdx: number;
  refIdx: number;
  lastSeenIdx: number;
}

interface ChangingPlace {
  bbox: BBox;
  /** Confirmations in a row that read other text there. */
  failures: number;
}

const LOOKBACK_SAMPLES = 120;
/** After this many confirmations in a row read other text at a place, text read there over motion is dropped unchecked. */
const CHANGING_AFTER_FAILURES = 2;
/** A word of three letters or digits: shorter readings over a moving picture are mostly the picture's texture. */
const WORTH_CONFIRMING = /[\p{L}\p{N}]{3}/u;
/**
 * A line read over motion that no neighbouring sample confirms is still kept when OCR was this sure of
 * it and it has a word of three letters, or is one acronym read with confidence ≥ 0.9: a short caption
 * or a list page replaced by the next one before a second look (a naive reader keeps every such
 * reading). A clock, read again as other digits, is still dropped.
 */
const KEEP_UNCONFIRMED_CONFIDENCE = 0.75;
const HAS_WORD = /\p{L}{3}/u;
/** A line that is one acronym ("VR", "TV"), kept unconfirmed only when OCR was this sure of it. */
const ACRONYM = /^\p{Lu}{2}$/u;
const KEEP_ACRONYM_CONFIDENCE = 0.9;
const SAME_PLACE = 0.3;

/**
 * Turns OCR sightings into segments. Between OCRs, a line stays on screen as long as the grid cells
 * under it keep the look they had when it was read; its start is the first sample that looked like
 * the frame it was read in. Sightings of one line separated by a short gap are merged.
 */
export function createSegmentBuilder(options: SegmentBuilderOptions) {
  const intervalMs = 1000 / options.sampleFps;
  const grids = new Map<number, FrameGrid>();
  let oldestKept = 0;
  /** The highest sample index seen: the video lasts at least until it. */
  let lastSampleIdx = -1;
  let open: OpenSegment[] = [];
  const closed: ExtractedSegment[] = [];
  const timeOf = (idx: number) => Math.round(idx * intervalMs);
  let droppedMoving = 0;
  /** Places where text read over a moving picture was checked in a neighbouring sample. */
  const changingPlaces: ChangingPlace[] = [];

  /**
   * The line's cells kept their look: none changed much, and at most one in ten a little (an intra-frame
   * codec such as ProRes or MJPEG requantises a still line when something else on the frame changes).
   */
  function regionStill(cells: number[], a: FrameGrid | undefined, b: FrameGrid | undefined): boolean {
    if (a === undefined || b === undefined) return false;
    let changed = 0;
    for (const cell of cells) {
      if (cellChanged(a, b, cell, options.changeThreshold * 2)) return false;
      if (cellChanged(a, b, cell, options.changeThreshold)) changed += 1;
    }
    return changed <= Math.floor(cells.length * 0.1);
  }

  /** Many of the cells changed a lot since the previous sample: more than an encoder's quality pulse on one cell. */
  function regionMoving(cells: number[], a: FrameGrid, b: FrameGrid): boolean {
    const changed = cells.filter((cell) => cellChanged(a, b, cell, options.changeThreshold * 2)).length;
    return changed >= Math.max(1, cells.length * 0.15);
  }

  function readOverMotion(idx: number, line: SeenLine): boolean {
    const grid = grids.get(idx);
    const previous = grids.get(idx - 1);
    return grid !== undefined && previous !== undefined && regionMoving(cellsInBox(grid, line.bbox), previous, grid);
  }

  /** The confirming read shows the same text at the same place. */
  function confirmedBy(line: SeenLine, confirmations: readonly SeenLine[] | undefined): boolean {
    if (confirmations === undefined) return false;
    const norm = normalizeText(line.text);
    return confirmations.some(
      (other) =>
        boxOverlap(other.bbox, line.bbox) >= SAME_PLACE &&
        (sameLine(norm, normalizeText(other.text)) || readAgainIn(line.text, other.text)),
    );
  }

  /** Of a line and its confirming readings: one that continues it (see `completes`), else the one OCR was surest of (at the line's place). */
  function betterReading(line: SeenLine, confirmations: readonly SeenLine[]): SeenLine {
    const completed = confirmations.find((other) => boxOverlap(other.bbox, line.bbox) >= SAME_PLACE && completes(line.text, other.text));
    if (completed !== undefined) return { ...completed, bbox: line.bbox };
    const norm = normalizeText(line.text);
    const agreeing = confirmations.filter(
      (other) => boxOverlap(other.bbox, line.bbox) >= SAME_PLACE && sameLine(norm, normalizeText(other.text)),
    );
    const best = agreeing.reduce((a, b) => (b.confidence > a.confidence ? b : a), line);
    return best === line ? line : { ...best, bbox: line.bbox };
  }

  const isChangingPlace = (place: ChangingPlace, bbox: BBox) =>
    place.failures >= CHANGING_AFTER_FAILURES && boxOverlap(place.bbox, bbox) >= SAME_PLACE;

  /** A neighbouring sample reads the line's place as the same text with other digits: a clock or counter moved on. */
  function counterAt(line: SeenLine, confirmations: readonly SeenLine[] | undefined): boolean {
    return (confirmations ?? []).some(
      (other) => boxOverlap(other.bbox, line.bbox) >= SAME_PLACE && digitVariant(normalizeText(line.text), normalizeText(other.text)),
    );
  }

  /**
   * Counts, per place, confirmations that read the line's text with other digits there (a clock); one
   * that agreed clears the count; other text (the next caption) says nothing about the place.
   */
  function noteConfirmation(line: SeenLine, confirmations: readonly SeenLine[]): void {
    const there = confirmations.filter((other) => boxOverlap(other.bbox, line.bbox) >= SAME_PLACE);
    if (there.length === 0) return; // the text left: says nothing about the place
    const confirmed = confirmedBy(line, confirmations);
    if (!confirmed && !counterAt(line, confirmations)) return;
    let place = changingPlaces.find((p) => boxOverlap(p.bbox, line.bbox) >= SAME_PLACE);
    if (place === undefined) {
      place = { bbox: line.bbox, failures: 0 };
      changingPlaces.push(place);
    }
    place.failures = confirmed ? 0 : place.failures + 1;
  }

  /** Whether a line read over motion and not confirmed is kept anyway (see KEEP_UNCONFIRMED_CONFIDENCE). */
  function keptUnconfirmed(line: SeenLine, confirmations: readonly SeenLine[] | undefined): boolean {
    const worded = HAS_WORD.test(line.text) || (ACRONYM.test(line.text.trim()) && line.confidence >= KEEP_ACRONYM_CONFIDENCE);
    if (line.confidence < KEEP_UNCONFIRMED_CONFIDENCE || !worded) return false;
    if (changingPlaces.some((place) => isChangingPlace(place, line.bbox))) return false;
    return !counterAt(line, confirmations);
  }

  function extendThrough(seg: OpenSegment, idx: number): void {
    const ref = grids.get(seg.refIdx);
    while (seg.lastSeenIdx < idx && regionStill(seg.cells, ref, grids.get(seg.lastSeenIdx + 1))) seg.lastSeenIdx += 1;
  }

  /** Most cells kept their look, allowing for an encoder refining newly drawn content. */
  function regionMostlyStill(cells: number[], a: FrameGrid | undefined, b: FrameGrid | undefined): boolean {
    if (a === undefined || b === undefined) return false;
    const changed = cells.filter((cell) => cellChanged(a, b, cell, options.changeThreshold * 2)).length;
    return changed <= cells.length * 0.2;
  }

  /** The latest sample after `floorIdx` (up to `idx`) at which much of the frame changed: when new text most likely came. */
  function changeOnset(idx: number, floorIdx: number): number {
    for (let j = idx; j > Math.max(floorIdx, oldestKept); j--) {
      const a = grids.get(j);
      const b = grids.get(j - 1);
      if (a === undefined || b === undefined) break;
      let changed = 0;
      for (let cell = 0; cell < a.cols * a.rows; cell++) if (cellChanged(a, b, cell, options.changeThreshold)) changed += 1;
      if (changed >= a.cols * a.rows * 0.01) return j;
    }
    return floorIdx + 1;
  }

  /** How far back the line's cells looked as they do now; never before `floorIdx`. */
  function firstSighting(cells: number[], idx: number, floorIdx: number): number {
    const at = grids.get(idx);
    let first = idx;
    const lowest = Math.max(oldestKept, idx - LOOKBACK_SAMPLES, floorIdx + 1);
    while (first - 1 >= lowest && regionMostlyStill(cells, at, grids.get(first - 1))) first -= 1;
    return first;
  }

  function close(seg: OpenSegment): void {
    closed.push({
      text: seg.text,
      startMs: timeOf(seg.firstIdx),
      // the video ends at its declared duration or after the last sample read, whichever is later (a
      // header may claim less than the file holds): a segment never ends before it starts
      endMs: Math.min(
        Math.max(options.durationMs, Math.round(timeOf(lastSampleIdx) + intervalMs)),
        Math.round(timeOf(seg.lastSeenIdx) + intervalMs),
      ),
      confidence: Math.round(seg.confidence * 1000) / 1000,
      bbox: seg.bbox,
    });
  }

  function prune(idx: number): void {
    const keepFrom = Math.min(idx - LOOKBACK_SAMPLES, ...open.map((seg) => seg.refIdx));
    for (; oldestKept < keepFrom; oldestKept++) grids.delete(oldestKept);
  }

  return {
    addSample(idx: number, grid: FrameGrid): void {
      grids.set(idx, grid);
      lastSampleIdx = Math.max(lastSampleIdx, idx);
    },
    /**
     * The lines of a read at `idx` that were read over a moving picture and are worth confirming in a
     * neighbouring sample: not at a place where such reads kept changing (a running clock).
     */
    toConfirm(idx: number, lines: readonly SeenLine[]): SeenLine[] {
      return lines.filter(
        (line) =>
          WORTH_CONFIRMING.test(line.text) &&
          readOverMotion(idx, line) &&
          !changingPlaces.some((place) => isChangingPlace(place, line.bbox)),
      );
    },
    /**
     * Adds the lines OCR read in sample `idx`. A line read over a moving picture is kept only when
     * `confirmations` (what OCR read around it in a neighbouring sample) holds the same text at the same place.
     * Returns how many lines started a segment (text not on screen before).
     */
    addOcr(idx: number, lines: readonly SeenLine[], confirmation?: Confirmation): number {
      let started = 0;
      const confirmations = confirmation?.lines;
      const overMotionAt = lines.map((line) => readOverMotion(idx, line));
      if (confirmations !== undefined) for (const [i, line] of lines.entries()) if (overMotionAt[i]) noteConfirmation(line, confirmations);
      const grid = grids.get(idx);
      if (grid === undefined) throw new Error(`no grid stored for sample ${idx}`);
      for (const seg of open) extendThrough(seg, idx);
      const matched = new Set<OpenSegment>();
      for (const [i, seen] of lines.entries()) {
        // text read where the picture is still moving is content only if another sample shows it too:
        // a running clock or counter reads differently, a caption over moving footage reads the same
        const overMotion = overMotionAt[i] === true;
        const confirmed = overMotion && confirmedBy(seen, confirmations);
        if (overMotion && !confirmed && !keptUnconfirmed(seen, confirmations)) {
          droppedMoving += 1;
          continue;
        }
        const line = overMotion ? betterReading(seen, confirmations ?? []) : seen;
        const norm = normalizeText(line.text);
        // an open line whose cells changed is only the same line if OCR reads it identically
        const seg = open.find(
          (s) =>
            !matched.has(s) &&
            boxOverlap(s.bbox, line.bbox) >= SAME_PLACE &&
            (s.norm === norm || (s.lastSeenIdx === idx && sameLine(s.norm, norm))),
        );
        if (seg !== undefined) {
          matched.add(seg);
          seg.lastSeenIdx = idx;
          seg.refIdx = idx;
          if (line.confidence > seg.confidence) Object.assign(seg, { text: line.text, norm, confidence: line.confidence, bbox: line.bbox });
          continue;
        }
        const cells = cellsInBox(grid, line.bbox);
        // new text where an open line was read before (a page number that changed): the old line ends when
        // the frame last changed, even if the grid cannot see the difference in these cells
        const replaced = open.find((s) => !matched.has(s) && boxOverlap(s.bbox, line.bbox) >= SAME_PLACE);
        let floorIdx = -1;
        if (replaced !== undefined && replaced.lastSeenIdx < idx) {
          // the grid saw the old line go: the new one came after it
          floorIdx = replaced.lastSeenIdx;
        } else if (replaced !== undefined) {
          const onset = changeOnset(idx, replaced.refIdx);
          replaced.lastSeenIdx = Math.min(replaced.lastSeenIdx, onset - 1);
          floorIdx = onset - 1;
        }
        const firstIdx = firstSighting(cells, idx, floorIdx);
        const fresh: OpenSegment = {
          text: line.text,
          norm,
          confidence: line.confidence,
          bbox: line.bbox,
          cells,
          firstIdx,
          refIdx: idx,
          // a line confirmed in a later sample was on screen until then
          lastSeenIdx: confirmed && confirmation !== undefined ? Math.max(idx, confirmation.idx) : idx,
        };
        matched.add(fresh);
        open.push(fresh);
        started += 1;
      }
      const stillOpen: OpenSegment[] = [];
      for (const seg of open) {
        if (matched.has(seg) || seg.lastSeenIdx >= idx) stillOpen.push(seg);
        else close(seg);
      }
      open = stillOpen;
      prune(idx);
      return started;
    },
    /**
     * The lines of a confirming read that are text of their own: they confirm none of `lines` (read at
     * the same place, same text), or OCR was sure of them and each line they confirm lacks a word of
     * theirs ahead of them (`leadsInto`: a spinner's next name before a tag that stays). Such a line
     * confirms and is new text too.
     */
    unconfirming(lines: readonly SeenLine[], confirmations: readonly SeenLine[]): SeenLine[] {
      return confirmations.filter((other) => {
        const confirmed = lines.filter((line) => confirmedBy(line, [other]));
        if (confirmed.length === 0) return true;
        return other.confidence >= KEEP_UNCONFIRMED_CONFIDENCE && confirmed.every((line) => leadsInto(line.text, other.text));
      });
    },
    /** Lines skipped because the picture under them was moving when they were read. */
    droppedMoving: () => droppedMoving,
    finish(lastIdx: number): ExtractedSegment[] {
      for (const seg of open) {
        extendThrough(seg, lastIdx);
        close(seg);
      }
      open = [];
      grids.clear();
      return mergeSightings(closed, options.mergeGapMs);
    },
  };
}

export type SegmentBuilder = ReturnType<typeof createSegmentBuilder>;

/** Joins sightings of the same line at the same place separated by at most `gapMs`; sorts by time. */
export function mergeSightings(segments: readonly ExtractedSegment[], gapMs: number): ExtractedSegment[] {
  const sorted = [...segments].sort((a, b) => a.startMs - b.startMs || a.bbox.y - b.bbox.y);
  const out: ExtractedSegment[] = [];
  for (const seg of sorted) {
    const norm = normalizeText(seg.text);
    const previous = out.findLast(
      (p) => seg.startMs - p.endMs <= gapMs && boxOverlap(p.bbox, seg.bbox) >= SAME_PLACE && sameLine(normalizeText(p.text), norm),
    );
    if (previous === undefined) {
      out.push({ ...seg });
      continue;
    }
    previous.endMs = Math.max(previous.endMs, seg.endMs);
    if (seg.confidence > previous.confidence) Object.assign(previous, { text: seg.text, confidence: seg.confidence, bbox: seg.bbox });
  }
  return out;
}
