import type { QuestionSpec } from '../language/question-spec';
import type { Scene } from '../scene';
import type { Domain } from '../vocabulary';

/** The three splits every task has; each is an independent stream of items. */
export const SPLITS = ['train', 'dev', 'test'] as const;
/** One of {@link SPLITS}. */
export type Split = (typeof SPLITS)[number];

/** A box as `[x1, y1, x2, y2]` in root pixels (x2/y2 exclusive), as items store it. */
export type BoxTuple = readonly [number, number, number, number];

/** One gold tag: a box and its label (an expression for face-tag, a shape for shape-tag). */
export interface GoldTag {
  readonly box: BoxTuple;
  readonly label: string;
}

/**
 * A gold answer: a string for question answering (`yes`, `red`, `3`, `left`, `true`), the list of
 * tags for tagging tasks, or the referent's box for refexp.
 */
export type GoldAnswer = string | readonly GoldTag[] | { readonly box: BoxTuple };

/** One input image of an item: its program variable, its scene, and the seed its pixels render from. */
export interface TaskImage {
  readonly name: 'IMAGE' | 'LEFT' | 'RIGHT';
  readonly scene: Scene;
  /** Rendering is lazy: `renderTaskImage` draws the pixels from the scene and this seed. */
  readonly renderSeed: string;
}

/** One generated task item: question, gold program and answer over one or two scenes. */
export interface TaskItem {
  /** `<task>-<split>-<seed>-<index>`, unique across tasks, splits and seeds. */
  readonly id: string;
  readonly task: string;
  readonly split: Split;
  readonly seed: number;
  readonly index: number;
  readonly domain: Domain;
  /** The question family (`exist`, `count`, `relate`, `pair-exist`, ...), for balance reports. */
  readonly family: string;
  readonly images: readonly TaskImage[];
  readonly question: string;
  readonly spec: QuestionSpec;
  /** The gold program text. */
  readonly program: string;
  readonly answer: GoldAnswer;
}
