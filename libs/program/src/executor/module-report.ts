/**
 * What a module backend reports about one call besides its plain answer: which model served it and
 * the module's soft output. The executor copies the report into the step record, so the trace store
 * (and distillation, which learns from soft outputs) sees exactly what the module said.
 */

/** The model that served a call, as the module named it. */
export interface ReportedModel {
  readonly name: string;
  readonly version: string;
}

/** One entry of a ranking or distribution: a label (category, answer) and its score. */
export interface ScoredLabel {
  readonly label: string;
  readonly score: number;
}

/**
 * A module's soft output:
 * - `detections` (LOC, FACEDET): the score of every returned box, in the order of the boxes;
 * - `classes` (CLASSIFY): for every box, the probability of every category (in `categories` order);
 * - `answer` (VQA): the best answer, its probability and the top-k answers with theirs.
 */
export type SoftOutput =
  | { readonly kind: 'detections'; readonly scores: readonly number[] }
  | { readonly kind: 'classes'; readonly categories: readonly string[]; readonly scores: ReadonlyArray<readonly number[]> }
  | { readonly kind: 'answer'; readonly answer: string; readonly score: number; readonly topK: readonly ScoredLabel[] };

/** The report of one module call, handed to `CallOptions.report` by a backend that has one. */
export interface ModuleCallReport {
  /** The module called: `loc`, `facedet`, `classify` or `vqa`. */
  readonly module: string;
  /** The model that answered, when the module named one. */
  readonly model?: ReportedModel;
  /** Which service answered: e.g. `student`, `teacher`, or an address; free text for traces. */
  readonly route?: string;
  readonly soft?: SoftOutput;
}
