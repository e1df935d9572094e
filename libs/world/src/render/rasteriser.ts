import type { RawImage } from '../image/raw-image';

/**
 * The scanline rasteriser under every drawing in the Shapes world.
 *
 * A figure is described by its horizontal spans at a given y (a {@link SpanFn}); each pixel is
 * sampled on a 4×4 grid, so edges are anti-aliased with 17 coverage levels. Only +, −, ×, ÷ and
 * √ are used, which IEEE 754 rounds exactly, so the same figure gives the same pixels everywhere.
 */

/** Samples per pixel along each axis. */
export const SAMPLES = 4;
/** Samples per pixel in total: the maximum coverage count. */
export const FULL_COVERAGE = SAMPLES * SAMPLES;

/**
 * Writes the inside intervals of a figure at height `y` (continuous pixel coordinates) into
 * `out` as pairs `[xStart, xEnd)` and returns how many pairs it wrote (at most `out.length / 2`).
 */
export type SpanFn = (y: number, out: Float64Array) => number;

/** An integer pixel rectangle, x2/y2 exclusive. */
export interface PixelRect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** RGB as three 0..255 integers. */
export type Rgb = readonly [number, number, number];

const MAX_SPANS = 16;

/**
 * Counts, for every pixel of `rect` (clipped to the image), how many of its samples fall inside
 * the figure. Returns the counts row-major over the clipped rectangle. Never throws.
 */
export function coverage(rect: PixelRect, spans: SpanFn, width: number, height: number): { rect: PixelRect; counts: Uint8Array } {
  const x1 = Math.max(0, rect.x1);
  const y1 = Math.max(0, rect.y1);
  const x2 = Math.min(width, rect.x2);
  const y2 = Math.min(height, rect.y2);
  const w = Math.max(0, x2 - x1);
  const h = Math.max(0, y2 - y1);
  const counts = new Uint8Array(w * h);
  const buf = new Float64Array(MAX_SPANS * 2);
  const jMin = x1 * SAMPLES;
  const jMax = x2 * SAMPLES;
  for (let py = 0; py < h; py++) {
    const row = py * w;
    for (let sy = 0; sy < SAMPLES; sy++) {
      const y = y1 + py + (sy + 0.5) / SAMPLES;
      const n = spans(y, buf);
      for (let k = 0; k < n; k++) {
        // Sample j (global, along x) sits at (j + 0.5) / SAMPLES.
        let ja = Math.ceil(buf[2 * k] * SAMPLES - 0.5);
        let jb = Math.ceil(buf[2 * k + 1] * SAMPLES - 0.5);
        if (ja < jMin) ja = jMin;
        if (jb > jMax) jb = jMax;
        if (jb <= ja) continue;
        const pa = Math.floor(ja / SAMPLES);
        const pb = Math.floor((jb - 1) / SAMPLES);
        if (pa === pb) {
          counts[row + pa - x1] += jb - ja;
          continue;
        }
        counts[row + pa - x1] += (pa + 1) * SAMPLES - ja;
        for (let p = pa + 1; p < pb; p++) counts[row + p - x1] += SAMPLES;
        counts[row + pb - x1] += jb - pb * SAMPLES;
      }
    }
  }
  return { rect: { x1, y1, x2: x1 + w, y2: y1 + h }, counts };
}

/**
 * The tight pixel box of everything the figure covers inside `rect`, or null if it covers
 * nothing. This is what a scene's ground-truth box means. Never throws.
 */
export function coveredBox(rect: PixelRect, spans: SpanFn, width: number, height: number): PixelRect | null {
  const { rect: r, counts } = coverage(rect, spans, width, height);
  const w = r.x2 - r.x1;
  let bx1 = Infinity;
  let by1 = Infinity;
  let bx2 = -Infinity;
  let by2 = -Infinity;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] === 0) continue;
    const x = i % w;
    const y = (i - x) / w;
    if (x < bx1) bx1 = x;
    if (x > bx2) bx2 = x;
    if (y < by1) by1 = y;
    if (y > by2) by2 = y;
  }
  if (bx2 < 0) return null;
  return { x1: r.x1 + bx1, y1: r.y1 + by1, x2: r.x1 + bx2 + 1, y2: r.y1 + by2 + 1 };
}

/**
 * Paints the figure into `img` in `rgb`, blending edge pixels by their coverage. Pixels outside
 * `rect` are never touched. Never throws.
 */
export function fill(img: RawImage, rect: PixelRect, spans: SpanFn, rgb: Rgb): void {
  const { rect: r, counts } = coverage(rect, spans, img.width, img.height);
  const w = r.x2 - r.x1;
  const data = img.data;
  const [cr, cg, cb] = rgb;
  for (let py = r.y1, i = 0; py < r.y2; py++) {
    let o = (py * img.width + r.x1) * 3;
    for (let px = 0; px < w; px++, i++, o += 3) {
      const c = counts[i];
      if (c === 0) continue;
      if (c === FULL_COVERAGE) {
        data[o] = cr;
        data[o + 1] = cg;
        data[o + 2] = cb;
      } else {
        const k = FULL_COVERAGE - c;
        data[o] = (data[o] * k + cr * c + 8) >> 4;
        data[o + 1] = (data[o + 1] * k + cg * c + 8) >> 4;
        data[o + 2] = (data[o + 2] * k + cb * c + 8) >> 4;
      }
    }
  }
}
