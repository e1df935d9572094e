import type { Box } from '../scene';
import type { Shape } from '../vocabulary';
import { coveredBox, type SpanFn } from './rasteriser';
import { ellipseSpans, polygonSpans } from './primitives';

/**
 * The geometry of each shape, defined relative to its box so that the scene's box is all the
 * renderer needs: the outline is stretched to fill the box, and {@link isTightBox} checks that the
 * pixels it covers touch all four sides of that box (the scene generator only uses boxes that
 * pass, so a box is always the tight box of the drawn shape).
 */

interface ShapeSpec {
  /** Height over width of the shape's box. */
  readonly aspect: number;
  /** Polygon in unit box coordinates (x, y pairs), or null for the circle. */
  readonly unit: readonly number[] | null;
  /** The centre the inner fill shrinks towards, in unit box coordinates. */
  readonly centre: readonly [number, number];
  /** Distance from the centre to the edges, in pixels, for a box of w × h. */
  edgeDistance(w: number, h: number): number;
}

// Constants are written out (not computed with sin/cos) so that they are identical everywhere.
const SQRT3_2 = 0.8660254037844386;
const STAR = [
  0.5, 0.0, 0.618034, 0.381966, 1.0, 0.381966, 0.690983, 0.618034, 0.809017, 1.0, 0.5, 0.763932, 0.190983, 1.0,
  0.309017, 0.618034, 0.0, 0.381966, 0.381966, 0.381966,
];

const SPECS: Readonly<Record<Shape, ShapeSpec>> = {
  circle: { aspect: 1, unit: null, centre: [0.5, 0.5], edgeDistance: (w, h) => Math.min(w, h) / 2 },
  square: { aspect: 1, unit: [0, 0, 1, 0, 1, 1, 0, 1], centre: [0.5, 0.5], edgeDistance: (w, h) => Math.min(w, h) / 2 },
  triangle: { aspect: SQRT3_2, unit: [0.5, 0, 1, 1, 0, 1], centre: [0.5, 2 / 3], edgeDistance: (_w, h) => h / 3 },
  star: { aspect: 0.9510565162951535, unit: STAR, centre: [0.5, 0.552786404500042], edgeDistance: (w) => w * 0.16245984811645317 },
  hexagon: {
    aspect: SQRT3_2,
    unit: [0.25, 0, 0.75, 0, 1, 0.5, 0.75, 1, 0.25, 1, 0, 0.5],
    centre: [0.5, 0.5],
    edgeDistance: (_w, h) => h / 2,
  },
  diamond: {
    aspect: 1.25,
    unit: [0.5, 0, 1, 0.5, 0.5, 1, 0, 0.5],
    centre: [0.5, 0.5],
    edgeDistance: (w, h) => (w * h) / (2 * Math.sqrt(w * w + h * h)),
  },
};

/**
 * How far the outline reaches past the box on each side, in pixels. Less than half a sample
 * step, so no sample outside the box is ever covered, yet sharp corners that touch the box
 * still cover a sample in the box's outermost pixels.
 */
const REACH = 0.12;

/** Height over width of a shape's box, e.g. √3/2 for the triangle. Never throws. */
export function shapeAspect(shape: Shape): number {
  return SPECS[shape].aspect;
}

/** Box height for a shape drawn `width` pixels across. Never throws. */
export function shapeHeight(shape: Shape, width: number): number {
  return Math.max(1, Math.round(width * SPECS[shape].aspect));
}

/**
 * The figure of `shape` stretched over `box`, shrunk towards its centre so that its edges move
 * in by `inset` pixels (0 for the outline, ~1 for the fill inside an outline). Never throws.
 */
export function shapeSpans(shape: Shape, box: Box, inset = 0): SpanFn {
  const spec = SPECS[shape];
  const bx = box.x1 - REACH;
  const by = box.y1 - REACH;
  const bw = box.x2 - box.x1 + 2 * REACH;
  const bh = box.y2 - box.y1 + 2 * REACH;
  const cx = bx + spec.centre[0] * bw;
  const cy = by + spec.centre[1] * bh;
  const d = spec.edgeDistance(bw, bh);
  const s = inset <= 0 ? 1 : Math.max(0, (d - inset) / d);
  if (spec.unit === null) return ellipseSpans(cx, cy, (bw / 2) * s, (bh / 2) * s);
  const unit = spec.unit;
  const points = new Array<number>(unit.length);
  for (let i = 0; i < unit.length; i += 2) {
    points[i] = cx + (bx + unit[i] * bw - cx) * s;
    points[i + 1] = cy + (by + unit[i + 1] * bh - cy) * s;
  }
  return polygonSpans(points);
}

/**
 * Whether the shape drawn over `box` covers pixels on all four sides of it and none outside,
 * i.e. whether `box` is its tight box. Pure; depends only on the shape and the box's size.
 */
export function isTightBox(shape: Shape, box: Box): boolean {
  const probe = { x1: box.x1 - 1, y1: box.y1 - 1, x2: box.x2 + 1, y2: box.y2 + 1 };
  // Probe on a canvas large enough that nothing is clipped.
  const got = coveredBox(probe, shapeSpans(shape, box), box.x2 + 2, box.y2 + 2);
  return got !== null && got.x1 === box.x1 && got.y1 === box.y1 && got.x2 === box.x2 && got.y2 === box.y2;
}
