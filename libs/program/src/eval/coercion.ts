import { invalidArgument, type ProgramErrorReason } from '../errors';
import type { Primitive } from './eval-ast';

const NUMERIC = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const TRUE_WORDS: ReadonlySet<string> = new Set(['yes', 'true']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['no', 'false']);

/** An EVAL run-time error (line 1, column offset+1); the step that runs EVAL re-positions it. */
export function evalError(reason: ProgramErrorReason, message: string, offset: number) {
  return invalidArgument(reason, `EVAL column ${offset + 1}: ${message}`, { line: 1, column: offset + 1 });
}

/** How a value is shown in messages and interpolated into strings: booleans read as yes/no. */
export function showValue(value: Primitive): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** The number a value stands for: numbers, and strings that are decimal numerals ('3', ' -2.5 '). */
export function asNumber(value: Primitive): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && NUMERIC.test(value)) return Number(value);
  return undefined;
}

/** The boolean a value stands for: booleans, 'yes'/'no'/'true'/'false' (any case), and numbers (0 is false). */
export function asBoolean(value: Primitive): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

/**
 * Equality with the EVAL coercions: numeric values (numbers, numeric strings) compare as numbers,
 * with a boolean counting as 1 or 0 against them (as in Python); otherwise, if either side is a
 * boolean or both are yes/no words, both compare as booleans; other strings compare exactly.
 * Values of unrelated kinds are unequal.
 */
export function looselyEqual(left: Primitive, right: Primitive): boolean {
  const ln = typeof left === 'boolean' ? Number(left) : asNumber(left);
  const rn = typeof right === 'boolean' ? Number(right) : asNumber(right);
  const numeric = (typeof left !== 'boolean' && ln !== undefined) || (typeof right !== 'boolean' && rn !== undefined);
  if (numeric) return ln !== undefined && rn !== undefined && ln === rn;
  if (typeof left === 'boolean' || typeof right === 'boolean' || (isWord(left) && isWord(right))) {
    const lb = asBoolean(left);
    const rb = asBoolean(right);
    return lb !== undefined && rb !== undefined && lb === rb;
  }
  return left === right;
}

function isWord(value: Primitive): boolean {
  return typeof value === 'string' && asBoolean(value) !== undefined;
}
