import type { Detection, Rect } from '../image';
import type { GridDecode } from '../manifest/manifest-schema';
import { greedyNms } from './nms';
import { sigmoid } from './softmax';

/** Options of {@link decodeGrid}. */
export interface GridDecodeOptions {
  /** Keep cells whose score is strictly above this (default 0.05, as the recipes evaluate). */
  readonly scoreThreshold?: number;
  /** At most this many boxes after NMS (default 20). */
  readonly maxBoxes?: number;
  /**
   * Per-cell scores that replace sigmoid(objectness): a teacher adapter's class-aware score.
   * Must hold one value per cell.
   */
  readonly scores?: ArrayLike<number>;
}

/** A decoded box in canvas pixels with the cell it came from. */
export interface CanvasDetection extends Rect {
  readonly score: number;
  readonly cell: number;
}

/** Default score threshold of detections, shared by the predictors and `vprog zoo eval`. */
export const DEFAULT_SCORE_THRESHOLD = 0.05;
/** Default maximum number of boxes a detector returns. */
export const DEFAULT_MAX_BOXES = 20;

/**
 * Decodes one image's grid `[cells, channels]` (row-major cells, cell = row·grid + col; channels
 * start `[objectness, dx, dy, logW, logH]`): score = sigmoid(objectness), cx = (col + sigmoid(dx))
 * ·stride, cy likewise, w = exp(logW)·boxScale, h likewise; threshold; greedy NMS.
 */
export function decodeGrid(
  grid: Float32Array,
  offset: number,
  channels: number,
  spec: Pick<GridDecode, 'stride' | 'grid' | 'boxScale' | 'nmsIou'>,
  options: GridDecodeOptions = {},
): CanvasDetection[] {
  const threshold = options.scoreThreshold ?? DEFAULT_SCORE_THRESHOLD;
  const maxBoxes = options.maxBoxes ?? DEFAULT_MAX_BOXES;
  const cells = spec.grid * spec.grid;
  const candidates: CanvasDetection[] = [];
  for (let cell = 0; cell < cells; cell++) {
    const base = offset + cell * channels;
    const score = options.scores !== undefined ? options.scores[cell] : sigmoid(grid[base]);
    if (!(score > threshold)) continue;
    const col = cell % spec.grid;
    const row = Math.floor(cell / spec.grid);
    const cx = (col + sigmoid(grid[base + 1])) * spec.stride;
    const cy = (row + sigmoid(grid[base + 2])) * spec.stride;
    const w = Math.exp(grid[base + 3]) * spec.boxScale;
    const h = Math.exp(grid[base + 4]) * spec.boxScale;
    candidates.push({ x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2, score, cell });
  }
  const kept = greedyNms(candidates, candidates.map((c) => c.score), spec.nmsIou, maxBoxes);
  return kept.map((i) => candidates[i]);
}

/** Maps canvas detections back to root pixels: divide by the letterbox scale, add the view origin. */
export function canvasToRoot(
  detections: readonly CanvasDetection[],
  letterbox: { readonly scale: number; readonly originX: number; readonly originY: number },
  label?: string,
): Detection[] {
  const { scale, originX, originY } = letterbox;
  return detections.map((d) => ({
    x1: d.x1 / scale + originX,
    y1: d.y1 / scale + originY,
    x2: d.x2 / scale + originX,
    y2: d.y2 / scale + originY,
    score: d.score,
    ...(label !== undefined ? { label } : {}),
  }));
}
