import type { Detection, ImageValue, Rect } from '../values';

/** The rounded centre of a box, as every spatial step (and the Shapes world's ground truth) computes it. */
export function centre(box: Rect): { cx: number; cy: number } {
  return { cx: Math.round((box.x1 + box.x2) / 2), cy: Math.round((box.y1 + box.y2) / 2) };
}

/**
 * Clamps `rect` into `view` and guarantees at least one pixel in each direction (a degenerate
 * rectangle collapses to the nearest 1-px strip inside the view). Throws nothing.
 */
export function clampToView(rect: Rect, view: Rect): Rect {
  const clampRange = (a: number, b: number, lo: number, hi: number): [number, number] => {
    let start = Math.min(Math.max(a, lo), hi - 1);
    let end = Math.max(Math.min(b, hi), lo + 1);
    if (end <= start) {
      start = Math.min(Math.max(a, lo), hi - 1);
      end = start + 1;
    }
    return [start, end];
  };
  const [x1, x2] = clampRange(rect.x1, rect.x2, view.x1, view.x2);
  const [y1, y2] = clampRange(rect.y1, rect.y2, view.y1, view.y2);
  return { x1, y1, x2, y2 };
}

/** A new view of the same root image. */
export function subView(image: ImageValue, rect: Rect): ImageValue {
  return { kind: 'image', root: image.root, rect: { x1: rect.x1, y1: rect.y1, x2: rect.x2, y2: rect.y2 } };
}

/** A plain copy of a detection (drops any extra fields a backend attached). */
export function copyDetection(d: Detection): Detection {
  const copy = { x1: d.x1, y1: d.y1, x2: d.x2, y2: d.y2, score: d.score };
  return d.label === undefined ? copy : { ...copy, label: d.label };
}
