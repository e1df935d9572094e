/**
 * Small text helpers shared by the question grammars: normalisation (so paraphrases with odd case,
 * spacing, punctuation or American spelling parse), articles and tokenisation.
 */

/** Lower-cases, maps `color` to `colour`, drops punctuation other than `'`, and collapses spaces. */
export function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/colors?\b/g, (word) => word.replace('color', 'colour'))
    .replace(/[^a-z0-9'\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `a red star` / `an orange star`. */
export function withIndefinite(phrase: string): string {
  return `${/^[aeiou]/.test(phrase) ? 'an' : 'a'} ${phrase}`;
}

/** Capitalises the first letter of a sentence. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The tokens a model's tokenizer sees: lower-case runs of letters and digits. Every phrase and VQA
 * question of the world tokenises into {@link WORDS}.
 */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((token) => token.length > 0);
}
