/**
 * A frame summarised as a grid of cells, each with two features: its mean grey level and its mean
 * horizontal edge strength. Comparing grids is how onscreen tells that text appeared, changed or left
 * without looking at the full picture again.
 */
export interface FrameGrid {
  cols: number;
  rows: number;
  /** 2 bytes per cell: mean, edge. */
  cells: Uint8Array;
}

export const GRID_COLS = 48;

export function gridShape(width: number, height: number): { cols: number; rows: number } {
  return { cols: GRID_COLS, rows: Math.max(4, Math.round((GRID_COLS * height) / width)) };
}

/** Summarises a grayscale frame, reading every other pixel of every other row. */
export function computeGrid(pixels: Uint8Array, width: number, height: number): FrameGrid {
  const { cols, rows } = gridShape(width, height);
  const sums = new Float64Array(cols * rows);
  const edges = new Float64Array(cols * rows);
  const counts = new Uint32Array(cols * rows);
  for (let y = 0; y < height; y += 2) {
    const rowOffset = y * width;
    const cellRow = Math.min(rows - 1, Math.floor((y * rows) / height)) * cols;
    for (let x = 0; x + 2 < width; x += 2) {
      const value = pixels[rowOffset + x] as number;
      const right = pixels[rowOffset + x + 2] as number;
      const cell = cellRow + Math.min(cols - 1, Math.floor((x * cols) / width));
      sums[cell] = (sums[cell] as number) + value;
      edges[cell] = (edges[cell] as number) + (value > right ? value - right : right - value);
      counts[cell] = (counts[cell] as number) + 1;
    }
  }
  const cells = new Uint8Array(cols * rows * 2);
  for (let i = 0; i < cols * rows; i++) {
    const n = counts[i] || 1;
    cells[2 * i] = Math.round((sums[i] as number) / n);
    cells[2 * i + 1] = Math.min(255, Math.round((2 * (edges[i] as number)) / n));
  }
  return { cols, rows, cells };
}

/** Whether cell `i` differs between two grids by more than `threshold` in either feature. */
export function cellChanged(a: FrameGrid, b: FrameGrid, i: number, threshold: number): boolean {
  const dm = Math.abs((a.cells[2 * i] as number) - (b.cells[2 * i] as number));
  const de = Math.abs((a.cells[2 * i + 1] as number) - (b.cells[2 * i + 1] as number));
  return dm > threshold || de > threshold * 2;
}

/** Whether the grid holds any structure at all (a blank frame cannot hold text). */
export function hasStructure(grid: FrameGrid, minEdge = 6): boolean {
  for (let i = 1; i < grid.cells.length; i += 2) if ((grid.cells[i] as number) >= minEdge) return true;
  return false;
}

/** Cells covered by a normalised box (cells at least a quarter inside count). */
export function cellsInBox(grid: Pick<FrameGrid, 'cols' | 'rows'>, box: { x: number; y: number; w: number; h: number }): number[] {
  const c0 = Math.max(0, Math.floor(box.x * grid.cols + 0.25));
  const c1 = Math.min(grid.cols - 1, Math.ceil((box.x + box.w) * grid.cols - 0.25) - 1);
  const r0 = Math.max(0, Math.floor(box.y * grid.rows + 0.25));
  const r1 = Math.min(grid.rows - 1, Math.ceil((box.y + box.h) * grid.rows - 0.25) - 1);
  const out: number[] = [];
  for (let r = r0; r <= Math.max(r0, r1); r++) for (let c = c0; c <= Math.max(c0, c1); c++) out.push(r * grid.cols + c);
  return out;
}
