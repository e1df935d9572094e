import type { SpanFn } from './rasteriser';

/**
 * Span functions of the figures the world is drawn from: polygons (even–odd rule), ellipses and
 * partial rings. All coordinates are continuous pixel coordinates of the full image.
 */

/** A polygon from a flat `[x0, y0, x1, y1, ...]` list; may be concave (the star). Never throws. */
export function polygonSpans(points: readonly number[]): SpanFn {
  const n = points.length / 2;
  const xs = new Float64Array(n);
  return (y, out) => {
    let m = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xa = points[2 * j];
      const ya = points[2 * j + 1];
      const xb = points[2 * i];
      const yb = points[2 * i + 1];
      if ((ya <= y && y < yb) || (yb <= y && y < ya)) {
        const x = xa + ((y - ya) * (xb - xa)) / (yb - ya);
        let k = m++;
        while (k > 0 && xs[k - 1] > x) {
          xs[k] = xs[k - 1];
          k--;
        }
        xs[k] = x;
      }
    }
    const pairs = Math.min(m >> 1, out.length >> 1);
    for (let k = 0; k < pairs * 2; k++) out[k] = xs[k];
    return pairs;
  };
}

/** A filled axis-aligned ellipse. Never throws. */
export function ellipseSpans(cx: number, cy: number, rx: number, ry: number): SpanFn {
  return (y, out) => {
    const dy = (y - cy) / ry;
    const q = 1 - dy * dy;
    if (q <= 0) return 0;
    const half = rx * Math.sqrt(q);
    out[0] = cx - half;
    out[1] = cx + half;
    return 1;
  };
}

/**
 * A circular ring (outer radius `r`, line width `thickness`) kept only for `yMin <= y < yMax`:
 * the lower part of a ring is a smile, the upper part a frown, the whole ring an "O". Never throws.
 */
export function ringSpans(cx: number, cy: number, r: number, thickness: number, yMin: number, yMax: number): SpanFn {
  const ri = r - thickness;
  return (y, out) => {
    if (y < yMin || y >= yMax) return 0;
    const dy = y - cy;
    const qo = r * r - dy * dy;
    if (qo <= 0) return 0;
    const ho = Math.sqrt(qo);
    const qi = ri * ri - dy * dy;
    if (qi <= 0) {
      out[0] = cx - ho;
      out[1] = cx + ho;
      return 1;
    }
    const hi = Math.sqrt(qi);
    out[0] = cx - ho;
    out[1] = cx - hi;
    out[2] = cx + hi;
    out[3] = cx + ho;
    return 2;
  };
}
