import { modelError } from '../errors';
import type { Detection } from '../image';
import type { GridDecode } from '../manifest/manifest-schema';
import type { HeadTensor } from './head-tensors';

/** A label with its probability (an answer, a category). */
export interface ScoredLabel {
  readonly label: string;
  readonly score: number;
}

/**
 * What a module should output for one input, in the module's own terms (the teacher's answer):
 * detector boxes in root pixels with scores, one category distribution per classify box, or an
 * answer distribution.
 */
export type ModuleTarget =
  | { readonly kind: 'boxes'; readonly boxes: readonly Detection[] }
  | { readonly kind: 'categories'; readonly distributions: ReadonlyArray<readonly ScoredLabel[]> }
  | { readonly kind: 'answers'; readonly answers: readonly ScoredLabel[] };

/** Channels of a grid target cell: objectness target, cx, cy, w, h (canvas px), positive flag. */
export const GRID_TARGET_CHANNELS = 6;

/** Where a letterboxed view sits on the canvas (see `letterbox`): canvas = (root − origin) · scale. */
export interface CanvasGeometry {
  readonly scale: number;
  readonly originX: number;
  readonly originY: number;
}

/**
 * A distribution over `labels` from scored labels: labels left out count 0, the rest is
 * renormalised to sum to 1. `field` names the scored list in errors (e.g. `answers.answers`).
 * @throws ModelError INVALID_INPUT (metadata.field set) for a label outside `labels`, a repeated
 *   label, a score that is not a finite number ≥ 0, or scores that sum to 0.
 */
export function encodeDistribution(labels: readonly string[], scored: readonly ScoredLabel[], field: string): Float32Array {
  const index = new Map(labels.map((label, i) => [label, i]));
  const out = new Float32Array(labels.length);
  const seen = new Set<number>();
  scored.forEach((s, j) => {
    const at = index.get(s.label.trim());
    if (at === undefined) throw invalid(`${field}[${j}].label`, `"${s.label}" is not in the label space [${labels.join(', ')}]`);
    if (seen.has(at)) throw invalid(`${field}[${j}].label`, `"${s.label}" is listed twice`);
    if (!Number.isFinite(s.score) || s.score < 0) throw invalid(`${field}[${j}].score`, 'must be a finite number ≥ 0');
    seen.add(at);
    out[at] = s.score;
  });
  const sum = out.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) throw invalid(field, 'the scores must not all be 0');
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

/**
 * vqa: the answer distribution as probabilities over the head's labels, `[1, labels]`.
 * @throws ModelError INVALID_INPUT as {@link encodeDistribution} (fields `answers.answers[j]`).
 */
export function encodeAnswersTarget(labels: readonly string[], answers: readonly ScoredLabel[]): HeadTensor {
  return { dims: [1, labels.length], data: encodeDistribution(labels, answers, 'answers.answers') };
}

/**
 * classify: one distribution per box over the request's categories, `[boxes, categories]`.
 * @throws ModelError INVALID_INPUT when the count of distributions differs from `boxes`, or as
 *   {@link encodeDistribution} (fields `categories.distributions[d].scores[j]`).
 */
export function encodeCategoriesTarget(categories: readonly string[], distributions: ReadonlyArray<readonly ScoredLabel[]>, boxes: number): HeadTensor {
  if (distributions.length !== boxes) {
    throw invalid('categories.distributions', `has ${distributions.length} distributions, expected one per box (${boxes})`);
  }
  const data = new Float32Array(boxes * categories.length);
  distributions.forEach((d, i) => data.set(encodeDistribution(categories, d, `categories.distributions[${i}].scores`), i * categories.length));
  return { dims: [boxes, categories.length], data };
}

/**
 * loc/facedet: boxes in root pixels → the grid target `[1, cells, 6]` on the letterboxed canvas.
 * Each box goes to the cell holding its centre (cell = row · grid + col, row-major like the
 * decoder) as `[score, cx, cy, w, h, 1]` in canvas pixels; when two boxes share a cell the higher
 * score wins; other cells are all 0 (negatives). A box whose centre falls off the canvas (outside
 * the view) is left out.
 * @throws ModelError INVALID_INPUT (field `boxes.boxes[j]`) for a non-finite or inverted box or
 *   a score outside [0, 1].
 */
export function encodeGridTarget(boxes: readonly Detection[], geometry: CanvasGeometry, spec: Pick<GridDecode, 'stride' | 'grid'>): HeadTensor {
  const cells = spec.grid * spec.grid;
  const data = new Float32Array(cells * GRID_TARGET_CHANNELS);
  boxes.forEach((box, j) => {
    const coords = [box.x1, box.y1, box.x2, box.y2];
    if (!coords.every(Number.isFinite) || !(box.x2 > box.x1 && box.y2 > box.y1)) throw invalid(`boxes.boxes[${j}]`, 'must have finite coordinates with x_max > x_min and y_max > y_min');
    if (!Number.isFinite(box.score) || box.score < 0 || box.score > 1) throw invalid(`boxes.boxes[${j}].score`, 'must be in [0, 1]');
    const x1 = (box.x1 - geometry.originX) * geometry.scale;
    const y1 = (box.y1 - geometry.originY) * geometry.scale;
    const x2 = (box.x2 - geometry.originX) * geometry.scale;
    const y2 = (box.y2 - geometry.originY) * geometry.scale;
    const cx = (x1 + x2) / 2;
    const cy = (y1 + y2) / 2;
    const col = Math.floor(cx / spec.stride);
    const row = Math.floor(cy / spec.stride);
    if (col < 0 || row < 0 || col >= spec.grid || row >= spec.grid) return;
    const base = (row * spec.grid + col) * GRID_TARGET_CHANNELS;
    if (data[base + 5] === 1 && data[base] >= box.score) return;
    data.set([box.score, cx, cy, x2 - x1, y2 - y1, 1], base);
  });
  return { dims: [1, cells, GRID_TARGET_CHANNELS], data };
}

function invalid(field: string, description: string) {
  return modelError('INVALID_INPUT', `${field}: ${description}`, { field, description });
}
