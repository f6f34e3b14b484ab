/**
 * A frame summarised as a grid of cells, each holding the mean grey level of its four quadrants.
 * Comparing grids is how onscreen tells that text appeared, changed or left without looking at the
 * full picture again; quadrants make a changed digit visible where one mean per cell would not be.
 */
export interface FrameGrid {
  cols: number;
  rows: number;
  /**
   * 4 values per cell: the means of its top-left, top-right, bottom-left and bottom-right quadrants, in
   * quarter grey levels of full range (video luma 16–235 is stretched to 0–255 first).
   */
  cells: Uint16Array;
}

export const GRID_COLS = 48;
export const QUADRANTS = 4;
/** Fixed point: means are kept in quarters of a grey level, so a change of 3.4 levels is not rounded to 3. */
const SCALE = 4;
/** Video luma spans 16–235; stretching it to full range keeps thresholds in the same grey levels as images. */
const LUMA_BLACK = 16;
const LUMA_GAIN = 255 / 219;

export function gridShape(width: number, height: number): { cols: number; rows: number } {
  return { cols: GRID_COLS, rows: Math.max(4, Math.round((GRID_COLS * height) / width)) };
}

const columnMaps = new Map<string, Uint16Array>();
function columnMap(width: number, fineCols: number): Uint16Array {
  const key = `${width}:${fineCols}`;
  let map = columnMaps.get(key);
  if (map === undefined) {
    map = new Uint16Array(width);
    for (let x = 0; x < width; x++) map[x] = Math.min(fineCols - 1, Math.floor((x * fineCols) / width));
    columnMaps.set(key, map);
  }
  return map;
}

/** Summarises a grayscale frame, reading every pixel of every other row. */
export function computeGrid(pixels: Uint8Array, width: number, height: number): FrameGrid {
  const { cols, rows } = gridShape(width, height);
  const fineCols = cols * 2;
  const fineRows = rows * 2;
  const sums = new Uint32Array(fineCols * fineRows);
  const rowSamples = new Uint32Array(fineRows);
  const colSamples = new Uint32Array(fineCols);
  const colOf = columnMap(width, fineCols);
  for (let x = 0; x < width; x++) colSamples[colOf[x] as number] = (colSamples[colOf[x] as number] as number) + 1;
  for (let y = 0; y < height; y += 2) {
    const fineRowIndex = Math.min(fineRows - 1, Math.floor((y * fineRows) / height));
    const fineRow = fineRowIndex * fineCols;
    const offset = y * width;
    rowSamples[fineRowIndex] = (rowSamples[fineRowIndex] as number) + 1;
    for (let x = 0; x < width; x++) {
      const fine = fineRow + (colOf[x] as number);
      sums[fine] = (sums[fine] as number) + (pixels[offset + x] as number);
    }
  }
  const cells = new Uint16Array(cols * rows * QUADRANTS);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const out = (r * cols + c) * QUADRANTS;
      for (let q = 0; q < QUADRANTS; q++) {
        const fine = (2 * r + (q >> 1)) * fineCols + 2 * c + (q & 1);
        const samples = (rowSamples[2 * r + (q >> 1)] as number) * (colSamples[2 * c + (q & 1)] as number);
        const mean = (sums[fine] as number) / (samples || 1);
        cells[out + q] = Math.round(Math.min(255, Math.max(0, (mean - LUMA_BLACK) * LUMA_GAIN)) * SCALE);
      }
    }
  }
  return { cols, rows, cells };
}

/** Whether cell `i` differs between two grids by more than `threshold` grey levels in any quadrant. */
export function cellChanged(a: FrameGrid, b: FrameGrid, i: number, threshold: number): boolean {
  const base = i * QUADRANTS;
  const limit = threshold * SCALE;
  for (let q = base; q < base + QUADRANTS; q++) {
    const d = (a.cells[q] as number) - (b.cells[q] as number);
    if (d > limit || d < -limit) return true;
  }
  return false;
}

/** Whether cell `i` holds structure: its quadrants differ by at least `minContrast` grey levels (an edge, ink). */
export function cellHasStructure(grid: FrameGrid, i: number, minContrast = 6): boolean {
  let lo = 255 * SCALE;
  let hi = 0;
  for (let q = i * QUADRANTS; q < (i + 1) * QUADRANTS; q++) {
    const v = grid.cells[q] as number;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi - lo >= minContrast * SCALE;
}

/** Whether the grid holds any structure at all (a blank frame cannot hold text). */
export function hasStructure(grid: FrameGrid, minContrast = 6): boolean {
  for (let i = 0; i < grid.cols * grid.rows; i++) if (cellHasStructure(grid, i, minContrast)) return true;
  return false;
}

/**
 * The cells that stand for a line of text: along the row through its middle, those at least half
 * inside it (at least the one at its centre). The middle row is mostly ink; rows above and below
 * would mostly be whatever is behind the text.
 */
export function cellsInBox(grid: Pick<FrameGrid, 'cols' | 'rows'>, box: { x: number; y: number; w: number; h: number }): number[] {
  const centreCol = Math.min(grid.cols - 1, Math.max(0, Math.floor((box.x + box.w / 2) * grid.cols)));
  const c0 = Math.max(0, Math.min(centreCol, Math.floor(box.x * grid.cols + 0.5)));
  const c1 = Math.min(grid.cols - 1, Math.max(centreCol, Math.ceil((box.x + box.w) * grid.cols - 0.5) - 1));
  const row = Math.min(grid.rows - 1, Math.max(0, Math.floor((box.y + box.h / 2) * grid.rows)));
  const out: number[] = [];
  for (let c = c0; c <= c1; c++) out.push(row * grid.cols + c);
  return out;
}
