import { describe, expect, it } from 'vitest';
import { type FrameGrid, QUADRANTS } from './frame-grid.js';
import { createRecheckQueue, doubtfulRows } from './recheck-queue.js';

const COLS = 10;
const ROWS = 10;

/** A flat grey grid with an edge (ink) in the given cells. */
function gridWith(inked: number[], level = 200): FrameGrid {
  const cells = new Uint16Array(COLS * ROWS * QUADRANTS).fill(level * 4);
  for (const i of inked) cells[i * QUADRANTS] = 20 * 4;
  return { cols: COLS, rows: ROWS, cells };
}

const allStill = new Uint8Array(COLS * ROWS).fill(1);
/** Text found in rows [r0, r1) (every cell of them). */
function textIn(r0: number, r1: number): Uint8Array {
  const out = new Uint8Array(COLS * ROWS);
  out.fill(1, r0 * COLS, r1 * COLS);
  return out;
}

describe('doubtful rows of a read', () => {
  const inkRow2 = [20, 21, 22, 23];
  const inkRow6 = [60, 61, 62, 63];

  it('trusts a read whose every mark is text found with confidence', () => {
    const grid = gridWith([...inkRow2, ...inkRow6]);
    const textCells = new Uint8Array(COLS * ROWS);
    textCells.set(textIn(2, 3).subarray(20, 30), 20);
    textCells.set(textIn(6, 7).subarray(60, 70), 60);
    expect(doubtfulRows(grid, { rowStart: 0, rowEnd: ROWS, textCells, stillCells: allStill, unsureBoxes: [] }, 3)).toBeNull();
  });

  it('doubts the rows of a line read with low confidence', () => {
    const grid = gridWith([...inkRow2, ...inkRow6]);
    const textCells = new Uint8Array(COLS * ROWS).fill(1);
    const unsure = [{ x: 0, y: 0.6, w: 0.4, h: 0.1 }];
    expect(doubtfulRows(grid, { rowStart: 0, rowEnd: ROWS, textCells, stillCells: allStill, unsureBoxes: unsure }, 3)).toEqual({
      rowStart: 6,
      rowEnd: 7,
      binarise: 'global',
    });
  });

  it('doubts marks where no text was found, unless they are too few or were moving; looks at them again tile by tile', () => {
    const grid = gridWith([...inkRow2, ...inkRow6]);
    const textCells = textIn(2, 3);
    expect(doubtfulRows(grid, { rowStart: 0, rowEnd: ROWS, textCells, stillCells: allStill, unsureBoxes: [] }, 3)).toEqual({
      rowStart: 6,
      rowEnd: 7,
      binarise: 'local',
    });
    // outside the read's rows: not this read's concern
    expect(doubtfulRows(grid, { rowStart: 0, rowEnd: 5, textCells, stillCells: allStill, unsureBoxes: [] }, 3)).toBeNull();
    // fewer than the minimum (a bullet, an icon)
    expect(doubtfulRows(grid, { rowStart: 0, rowEnd: ROWS, textCells, stillCells: allStill, unsureBoxes: [] }, 5)).toBeNull();
    const moving = new Uint8Array(COLS * ROWS).fill(1).fill(0, 60, 70);
    expect(doubtfulRows(grid, { rowStart: 0, rowEnd: ROWS, textCells, stillCells: moving, unsureBoxes: [] }, 3)).toBeNull();
  });
});

describe('recheck queue', () => {
  const threshold = 3;

  it('before any verdict and while OCR was lately unsure, makes a second look without waiting for the result', () => {
    const queue = createRecheckQueue({ changeThreshold: threshold, recheckSamples: 1, maxPending: 8 });
    const grid = gridWith([20, 21, 22]);
    queue.add(1, 0, ROWS, grid, 0);
    expect(queue.due(grid, 0)).toBeNull(); // not before recheckSamples
    // made before the read's result: binarised tile by tile, the method the first read did not use
    expect(queue.due(grid, 1)).toEqual({ rowStart: 0, rowEnd: ROWS, binarise: 'local' });
    queue.judge(1, { rowStart: 2, rowEnd: 3, binarise: 'global' }); // heard after its second look: nothing more
    queue.add(2, 0, ROWS, grid, 2);
    expect(queue.due(grid, 3)).toEqual({ rowStart: 0, rowEnd: ROWS, binarise: 'local' });
    // four sure verdicts push the unsure one out: reads wait for their own result again
    for (let id = 3; id <= 6; id++) queue.judge(id, null);
    queue.add(7, 0, ROWS, grid, 4);
    expect(queue.due(grid, 5)).toBeNull();
  });

  it('where OCR was lately sure, makes a second look only once the read is judged doubtful, after recheckSamples, once', () => {
    const queue = createRecheckQueue({ changeThreshold: threshold, recheckSamples: 1, maxPending: 8 });
    queue.judge(0, null);
    const grid = gridWith([20, 21, 22]);
    queue.add(1, 0, ROWS, grid, 0);
    expect(queue.due(grid, 1)).toBeNull(); // not heard of yet
    queue.judge(1, { rowStart: 2, rowEnd: 3, binarise: 'global' });
    expect(queue.due(grid, 2)).toEqual({ rowStart: 0, rowEnd: ROWS, binarise: 'global' });
    expect(queue.due(grid, 3)).toBeNull();
    queue.add(2, 0, ROWS, grid, 4);
    queue.judge(2, null);
    expect(queue.due(grid, 5)).toBeNull();
  });

  it('drops a doubtful read whose doubtful rows changed, keeps one where other rows did', () => {
    const queue = createRecheckQueue({ changeThreshold: threshold, recheckSamples: 1, maxPending: 8 });
    queue.judge(0, null);
    const grid = gridWith([20, 21, 22]);
    queue.add(1, 0, ROWS, grid, 0);
    queue.judge(1, { rowStart: 2, rowEnd: 3, binarise: 'local' });
    // a heard doubt keeps the binarisation it asked for
    expect(queue.due(gridWith([20, 21, 22, 80, 81]), 1)).toEqual({ rowStart: 0, rowEnd: ROWS, binarise: 'local' });
    queue.add(2, 0, ROWS, grid, 2);
    queue.judge(2, { rowStart: 2, rowEnd: 3, binarise: 'global' });
    expect(queue.due(gridWith([20, 21]), 3)).toBeNull();
    // gone for good, even if the look comes back
    expect(queue.due(grid, 4)).toBeNull();
  });

  it('keeps at most maxPending reads, and none with second looks off', () => {
    const queue = createRecheckQueue({ changeThreshold: threshold, recheckSamples: 1, maxPending: 2 });
    queue.judge(0, null);
    const grid = gridWith([20]);
    for (let id = 1; id <= 3; id++) queue.add(id, 0, ROWS, grid, 0);
    queue.judge(1, { rowStart: 0, rowEnd: 1, binarise: 'global' });
    expect(queue.due(grid, 1)).toBeNull(); // read 1 was given up
    const off = createRecheckQueue({ changeThreshold: threshold, recheckSamples: 0, maxPending: 8 });
    off.add(1, 0, ROWS, grid, 0);
    off.judge(1, { rowStart: 0, rowEnd: 1, binarise: 'global' });
    expect(off.due(grid, 5)).toBeNull();
  });
});
