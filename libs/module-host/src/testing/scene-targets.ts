import type { Scene, ShapeObject } from '@vprog/world';
import { boxIou } from './test-scenes';

type Rect = { x1: number; y1: number; x2: number; y2: number };

/**
 * The first object of a scene whose colour-and-shape phrase no other object also matches (the
 * one a loc phrase names unambiguously), or undefined when there is none. Throws nothing.
 */
export function uniqueObject(scene: Scene): ShapeObject | undefined {
  return scene.objects.find((o) => scene.objects.filter((p) => p.colour === o.colour && p.shape === o.shape).length === 1);
}

/** How detections line up with a scene's true boxes (see {@link matchDetections}). */
export interface DetectionMatch {
  /** True boxes. */
  readonly truths: number;
  /** True boxes that some detection overlaps by at least the IoU bar (recall's numerator). */
  readonly found: number;
  /** Detections. */
  readonly predicted: number;
  /** Detections that overlap some true box by at least the IoU bar (precision's numerator). */
  readonly correct: number;
}

/** Counts recall and precision hits of `predicted` against `truth` at `minIou` (0.5 by default). Throws nothing. */
export function matchDetections(truth: readonly Rect[], predicted: readonly Rect[], minIou = 0.5): DetectionMatch {
  return {
    truths: truth.length,
    found: truth.filter((t) => predicted.some((p) => boxIou(p, t) >= minIou)).length,
    predicted: predicted.length,
    correct: predicted.filter((p) => truth.some((t) => boxIou(p, t) >= minIou)).length,
  };
}
