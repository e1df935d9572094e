/** Builds synthetic detector grids `[cells, channels]` for decode and predictor tests. */

/** One cell to light up; unspecified channels are 0. */
export interface CellSpec {
  readonly cell: number;
  readonly logit: number;
  readonly dx?: number;
  readonly dy?: number;
  readonly logW?: number;
  readonly logH?: number;
  /** Extra channels from index 5 on (teacher class logits). */
  readonly extra?: readonly number[];
}

/** A 16×16 grid (256 cells) where every cell not listed has objectness logit -10. */
export function gridWith(specs: readonly CellSpec[], channels = 5, cells = 256): Float32Array {
  const grid = new Float32Array(cells * channels);
  for (let c = 0; c < cells; c++) grid[c * channels] = -10;
  for (const s of specs) {
    const base = s.cell * channels;
    grid[base] = s.logit;
    grid[base + 1] = s.dx ?? 0;
    grid[base + 2] = s.dy ?? 0;
    grid[base + 3] = s.logW ?? 0;
    grid[base + 4] = s.logH ?? 0;
    (s.extra ?? []).forEach((v, i) => (grid[base + 5 + i] = v));
  }
  return grid;
}
