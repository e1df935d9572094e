import { phraseWords } from '../language/phrase';
import { tokenize } from '../language/text';
import { vqaQuestionVariants, type VqaKind } from '../language/vqa-question';
import { COLOURS, EXPRESSIONS, SHAPES, SIZES } from '../vocabulary';

/**
 * The vocabularies models are built on: the tokenizer's word list (every word a LOC phrase or a
 * VQA question of the world can contain) and the world's whole answer vocabulary.
 */

const VQA_KINDS: readonly VqaKind[] = ['colour', 'shape', 'size', 'count', 'exist'];

function collectWords(): string[] {
  const words = new Set<string>(phraseWords().flatMap(tokenize));
  for (const kind of VQA_KINDS) {
    for (const question of vqaQuestionVariants({ kind, phrase: { noun: 'object' } })) for (const token of tokenize(question)) words.add(token);
  }
  for (const region of ['left', 'right', 'top', 'bottom']) words.add(region);
  return [...words].sort();
}

/** Every word a phrase or VQA question can contain: lower-case, sorted, unique. */
export const WORDS: readonly string[] = collectWords();

/** The counts answers can take, as strings. */
export const COUNT_WORDS: readonly string[] = Array.from({ length: 11 }, (_, n) => String(n));

/**
 * The world's whole answer vocabulary: colours, shapes, sizes, expressions, yes/no, true/false,
 * the sides, and counts 0–10 as strings. Sorted.
 */
export const ANSWERS: readonly string[] = [
  ...new Set([...COLOURS, ...SHAPES, ...SIZES, ...EXPRESSIONS, 'yes', 'no', 'true', 'false', 'left', 'right', 'top', 'bottom', ...COUNT_WORDS]),
].sort();
