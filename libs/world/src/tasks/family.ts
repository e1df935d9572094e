import type { Rng } from '../random';
import type { QuestionSpec } from '../language/question-spec';
import type { Scene } from '../scene';
import type { Domain } from '../vocabulary';
import type { GoldAnswer } from './task-item';

/** What a family builds for one item, before wording and program are attached. */
export interface Draft {
  readonly spec: QuestionSpec;
  /** Scenes in program-input order: `[IMAGE]` or `[LEFT, RIGHT]`. */
  readonly scenes: readonly Scene[];
  readonly answer: GoldAnswer;
}

/**
 * A question family: a kind of question with its own answer space. `answers` lists the answers
 * the family balances over; `build` makes a draft whose answer is the chosen one, or returns
 * undefined to have the caller retry with a fresh random stream (rejection sampling on layouts).
 */
export interface Family {
  readonly name: string;
  /** The balanced answer space; absent for tagging and box answers. */
  readonly answers?: readonly string[];
  build(rng: Rng, domain: Domain, answer: string | undefined): Draft | undefined;
}

/** A family with its share of a task's items. */
export type WeightedFamily = readonly [Family, number];
