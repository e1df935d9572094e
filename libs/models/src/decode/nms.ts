import type { Rect } from '../image';

/** Intersection over union of two boxes (0 when the union is empty). */
export function iou(a: Rect, b: Rect): number {
  const ix = Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1));
  const iy = Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
  const inter = ix * iy;
  const union = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Greedy non-maximum suppression: candidates sorted by score (ties by index), each kept unless it
 * overlaps an already kept box by IoU > `iouThreshold`; stops at `maxBoxes`. Returns the kept
 * indices in order. Identical to the recipes' decoding, which the goldens and metrics rely on.
 */
export function greedyNms(boxes: readonly Rect[], scores: readonly number[], iouThreshold: number, maxBoxes: number): number[] {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const kept: number[] = [];
  for (const i of order) {
    if (kept.length >= maxBoxes) break;
    if (kept.every((j) => iou(boxes[i], boxes[j]) <= iouThreshold)) kept.push(i);
  }
  return kept;
}
