import type { Value } from '@vprog/program';
import type { BoxTuple, GoldAnswer, GoldTag } from '../tasks/task-item';

/**
 * A program's final value in the shape of a gold answer, so one scorer handles both: primitives
 * become strings, TAG output becomes tags, LOC/CLASSIFY output becomes its top box (and tags when
 * its boxes carry labels), an image view becomes nothing.
 */
export type Prediction = GoldAnswer | null;

const tuple = (b: { x1: number; y1: number; x2: number; y2: number }): BoxTuple => [b.x1, b.y1, b.x2, b.y2];

/** Converts a program's RESULT value into a {@link Prediction}. Never throws. */
export function predictionFromValue(value: Value): Prediction {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  switch (value.kind) {
    case 'tags':
      return value.tags.map((t): GoldTag => ({ box: tuple(t), label: t.label ?? '' }));
    case 'boxes':
      if (value.boxes.length > 0 && value.boxes.every((b) => b.label !== undefined)) {
        return value.boxes.map((b): GoldTag => ({ box: tuple(b), label: b.label ?? '' }));
      }
      return value.boxes.length > 0 ? { box: tuple(value.boxes[0]) } : null;
    case 'image':
      return null;
  }
}
