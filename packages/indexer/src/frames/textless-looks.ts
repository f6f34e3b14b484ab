import { cellChanged, type FrameGrid, QUADRANTS } from './frame-grid.js';

/**
 * Per grid cell, the last few looks that OCR read and found no text in: a background, the part of a
 * moving picture a lower third covered, an empty box. A cell that returns to one of them shows
 * nothing to read (text that left, a picture going back to what it was). Looks that held text are
 * never kept, so a slide that comes back is still read.
 */
export interface TextlessLooks {
  /** Remembers cell `i` of `grid` as holding no text. */
  add(grid: FrameGrid, i: number): void;
  /** Whether cell `i` of `grid` looks like one of the remembered textless looks of that cell. */
  matches(grid: FrameGrid, i: number): boolean;
}

export function createTextlessLooks(cellCount: number, changeThreshold: number, slots = 4): TextlessLooks {
  const looks = new Uint16Array(cellCount * slots * QUADRANTS);
  const filled = new Uint8Array(cellCount);
  const nextSlot = new Uint8Array(cellCount);
  // a one-cell view of a remembered look, so the grid's own comparison (and its threshold units) applies
  const probe: FrameGrid = { cols: 1, rows: 1, cells: new Uint16Array(QUADRANTS) };
  const view = (i: number, slot: number) => looks.subarray((i * slots + slot) * QUADRANTS, (i * slots + slot + 1) * QUADRANTS);

  function matchesCell(cells: Uint16Array, i: number): boolean {
    const one: FrameGrid = { cols: 1, rows: 1, cells };
    for (let slot = 0; slot < (filled[i] as number); slot++) {
      probe.cells.set(view(i, slot));
      if (!cellChanged(one, probe, 0, changeThreshold)) return true;
    }
    return false;
  }

  return {
    add(grid, i) {
      const cells = grid.cells.subarray(i * QUADRANTS, (i + 1) * QUADRANTS);
      if (matchesCell(cells, i)) return;
      const slot = nextSlot[i] as number;
      view(i, slot).set(cells);
      nextSlot[i] = (slot + 1) % slots;
      filled[i] = Math.min(slots, (filled[i] as number) + 1);
    },
    matches(grid, i) {
      return matchesCell(grid.cells.subarray(i * QUADRANTS, (i + 1) * QUADRANTS), i);
    },
  };
}
