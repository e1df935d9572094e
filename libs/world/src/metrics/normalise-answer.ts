import { parseNumber } from '../language/pair-statements';

/**
 * Answer normalisation for exact-match accuracy: case and whitespace do not matter, `yes`/`true`
 * and `no`/`false` are the same answer, and numbers compare by value (`3`, `3.0`, `three`).
 */
export function normaliseAnswer(answer: string | number | boolean): string {
  if (typeof answer === 'boolean') return answer ? 'yes' : 'no';
  if (typeof answer === 'number') return String(answer);
  const text = answer.trim().toLowerCase().replace(/\s+/g, ' ').replace(/[.!?]+$/, '');
  if (text === 'yes' || text === 'true') return 'yes';
  if (text === 'no' || text === 'false') return 'no';
  if (/^[+-]?\d+(?:\.\d+)?$/.test(text)) return String(Number(text));
  const n = parseNumber(text);
  return n !== undefined ? String(n) : text;
}

/** Whether two answers are the same after {@link normaliseAnswer}. */
export function answersMatch(a: string | number | boolean, b: string | number | boolean): boolean {
  return normaliseAnswer(a) === normaliseAnswer(b);
}
