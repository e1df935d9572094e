import type { Phrase } from './phrase';

/**
 * What a task question or statement asks, independent of its wording. Generators build a spec and
 * render it with a paraphrase; the template parser recovers the spec from any paraphrase; the gold
 * program is a function of the spec alone.
 */

/** The spatial relations of the relation family; each maps to one CROP_* step. */
export type Relation = 'left' | 'right' | 'above' | 'below';
/** The attributes a query or comparison can ask about. */
export type Attribute = 'colour' | 'shape' | 'size';
/** Which of the two NLVR images a statement names. */
export type PairSide = 'left' | 'right';

/** A question about one image (GQA style). */
export type ImageQuestionSpec =
  | { readonly form: 'exist'; readonly phrase: Phrase }
  | { readonly form: 'count'; readonly phrase: Phrase }
  | { readonly form: 'query'; readonly attribute: Attribute; readonly phrase: Phrase }
  | { readonly form: 'relate'; readonly phrase: Phrase; readonly relation: Relation; readonly anchor: Phrase }
  | { readonly form: 'compare'; readonly attribute: Attribute; readonly a: Phrase; readonly b: Phrase }
  | { readonly form: 'side'; readonly axis: 'x' | 'y'; readonly phrase: Phrase }
  | { readonly form: 'find'; readonly phrase: Phrase }
  | { readonly form: 'tag'; readonly target: 'faces' | 'shapes' };

/** A statement about an image pair (NLVR style). */
export type PairStatementSpec =
  | { readonly form: 'pair-exist'; readonly quantifier: 'both' | 'one' | 'neither' | 'any'; readonly phrase: Phrase }
  | { readonly form: 'pair-total'; readonly phrase: Phrase; readonly n: number }
  | { readonly form: 'pair-compare'; readonly phrase: Phrase; readonly first: PairSide; readonly op: 'more' | 'fewer' }
  | { readonly form: 'pair-exactly'; readonly phrase: Phrase; readonly image: PairSide; readonly n: number };

/** Any question or statement of the Shapes world. */
export type QuestionSpec = ImageQuestionSpec | PairStatementSpec;

/** The form names of {@link QuestionSpec}. */
export type QuestionForm = QuestionSpec['form'];

/** Whether a spec talks about an image pair (its program reads `LEFT` and `RIGHT`). */
export function isPairSpec(spec: QuestionSpec): spec is PairStatementSpec {
  return spec.form.startsWith('pair-');
}
