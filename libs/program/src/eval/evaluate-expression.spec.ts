import { isProgramError, type ProgramErrorData } from '../errors';
import type { Value } from '../values';
import { evaluateExpression } from './evaluate-expression';

function evalError(expr: string, vars: Record<string, Value> = {}): ProgramErrorData {
  try {
    evaluateExpression(expr, vars);
  } catch (error) {
    if (isProgramError(error)) return error;
    throw error;
  }
  throw new Error(`expected ${expr} to fail`);
}

describe('evaluateExpression', () => {
  describe('precedence and associativity', () => {
    it.each([
      ['1 + 2 * 3', 7],
      ['(1 + 2) * 3', 9],
      ['10 - 4 - 3', 3],
      ['12 / 3 / 2', 2],
      ['-2 * 3', -6],
      ['- - 2', 2],
      ['2 - -1', 3],
      ['1.5 + .5', 2],
    ])('computes %s as %p', (expr, expected) => {
      expect(evaluateExpression(expr, {})).toBe(expected);
    });

    it.each([
      ['True or False and False', true],
      ['not True or True', true],
      ['not (True or True)', false],
      ['True xor True or True', true],
      ['True or True xor True', true],
      ['(True or True) xor True', false],
      ['False and True xor True', true],
      ['not 1 + 1 == 3', true],
      ['1 < 2 == True', false],
    ])('groups %s as %p (or < xor < and < not < comparison)', (expr, expected) => {
      expect(evaluateExpression(expr, {})).toBe(expected);
    });

    it('chains comparisons as Python does', () => {
      expect(evaluateExpression('1 < 2 < 3', {})).toBe(true);
      expect(evaluateExpression('3 > 2 > 2', {})).toBe(false);
      expect(evaluateExpression('1 < 3 <= 3 != 4', {})).toBe(true);
    });
  });

  describe('xor', () => {
    it.each([
      [true, true, false],
      [true, false, true],
      [false, true, true],
      [false, false, false],
    ])('gives %p xor %p = %p', (a, b, expected) => {
      expect(evaluateExpression('{A} xor {B}', { A: a, B: b })).toBe(expected);
    });

    it('takes yes/no answers as operands', () => {
      expect(evaluateExpression("{A} xor {B}", { A: 'yes', B: 'no' })).toBe(true);
    });
  });

  describe('the conditional', () => {
    it('picks the branch its condition selects, as VisProg writes it', () => {
      const expr = "'yes' if {ANSWER0} > 0 else 'no'";
      expect(evaluateExpression(expr, { ANSWER0: 2 })).toBe('yes');
      expect(evaluateExpression(expr, { ANSWER0: 0 })).toBe('no');
    });

    it('is right-associative and evaluates only the chosen branch', () => {
      const expr = "'a' if {X} == 1 else 'b' if {X} == 2 else 1 / 0";
      expect(evaluateExpression(expr, { X: 1 })).toBe('a');
      expect(evaluateExpression(expr, { X: 2 })).toBe('b');
      expect(evaluateExpression("1 if True else {MISSING}", {})).toBe(1);
    });

    it('binds more loosely than or', () => {
      expect(evaluateExpression("1 if False or True else 2", {})).toBe(1);
    });
  });

  describe('yes/no coercion', () => {
    it('treats yes and no (any case) as booleans in boolean context', () => {
      expect(evaluateExpression('{A} and {B}', { A: 'yes', B: 'Yes' })).toBe(true);
      expect(evaluateExpression('not {A}', { A: 'no' })).toBe(true);
      expect(evaluateExpression("'yes' if {A} else 'no'", { A: ' NO ' })).toBe('no');
    });

    it('compares yes/no strings with booleans and with each other as booleans', () => {
      expect(evaluateExpression('{A} == True', { A: 'yes' })).toBe(true);
      expect(evaluateExpression('{A} == False', { A: 'yes' })).toBe(false);
      expect(evaluateExpression("{A} == 'YES'", { A: 'yes' })).toBe(true);
      expect(evaluateExpression("{A} != 'no'", { A: true })).toBe(true);
    });

    it('rejects a string that is not a yes/no word in boolean context', () => {
      expect(evalError('not {A}', { A: 'red' })).toMatchObject({ reason: 'EVAL_TYPE', column: 5 });
    });

    it('interpolates booleans into strings as yes/no', () => {
      expect(evaluateExpression("'{A}'", { A: false })).toBe('no');
    });
  });

  describe('numeric strings', () => {
    it('act as numbers in arithmetic, so two VQA counts add up', () => {
      expect(evaluateExpression('{ANSWER0} + {ANSWER1} == 3', { ANSWER0: '1', ANSWER1: '2' })).toBe(true);
      expect(evaluateExpression('{A} * 2', { A: ' 2.5 ' })).toBe(5);
    });

    it('compare as numbers, not as text', () => {
      expect(evaluateExpression('{A} > {B}', { A: '10', B: '9' })).toBe(true);
      expect(evaluateExpression("{A} == 3", { A: '3.0' })).toBe(true);
      expect(evaluateExpression("'2' < 10", {})).toBe(true);
      expect(evaluateExpression("{A} == '03'", { A: 3 })).toBe(true);
    });

    it('do not include hex, Infinity or empty strings', () => {
      expect(evaluateExpression("{A} + {B}", { A: '0x10', B: '1' })).toBe('0x101');
      expect(evalError("{A} - 1", { A: 'Infinity' })).toMatchObject({ reason: 'EVAL_TYPE' });
      expect(evaluateExpression("{A} == 0", { A: '' })).toBe(false);
    });

    it('concatenate other strings with +, and order them as text', () => {
      expect(evaluateExpression("'red' + ' ' + 'star'", {})).toBe('red star');
      expect(evaluateExpression("'apple' < 'banana'", {})).toBe(true);
    });
  });

  describe('typed errors', () => {
    it('fails division by zero with EVAL_DIVISION_BY_ZERO at the operator', () => {
      expect(evalError('{A} / {B}', { A: 1, B: 0 })).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'EVAL_DIVISION_BY_ZERO', line: 1, column: 5 });
      expect(evalError("1 / '0.0'")).toMatchObject({ reason: 'EVAL_DIVISION_BY_ZERO' });
    });

    it('fails results that are not finite with EVAL_ARITHMETIC', () => {
      expect(evalError('1e308 * 10')).toMatchObject({ reason: 'EVAL_ARITHMETIC' });
    });

    it('fails arithmetic on booleans and words with EVAL_TYPE', () => {
      expect(evalError('True + 1')).toMatchObject({ reason: 'EVAL_TYPE', column: 1 });
      expect(evalError("'red' - 1")).toMatchObject({ reason: 'EVAL_TYPE' });
      expect(evalError("-'red'")).toMatchObject({ reason: 'EVAL_TYPE' });
      expect(evalError("'red' < 1")).toMatchObject({ reason: 'EVAL_TYPE' });
    });

    it('fails an undefined variable with EVAL_UNDEFINED, even one named after an Object.prototype member', () => {
      for (const name of ['ANSWER9', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
        expect(evalError(`{${name}} == 1`)).toMatchObject({ reason: 'EVAL_UNDEFINED', column: 1 });
        expect(evalError(`'{${name}}'`)).toMatchObject({ reason: 'EVAL_UNDEFINED', column: 2 });
      }
    });

    it('fails a variable holding an image or boxes with EVAL_TYPE', () => {
      const image: Value = { kind: 'image', root: 'IMAGE', rect: { x1: 0, y1: 0, x2: 1, y2: 1 } };
      expect(evalError('{I} == 1', { I: image }).message).toContain('holds image');
      expect(evalError('{B} == 1', { B: { kind: 'boxes', image, boxes: [] } }).message).toContain('COUNT');
    });

    it.each([
      ['{A} && {B}', 5, "use 'and'"],
      ['{A} = 1', 5, "use '=='"],
      ['{A}.length', 4, 'no member access'],
      ['ANSWER0 > 1', 1, 'variables are written {ANSWER0}'],
      ['yes', 1, "write it as a string: 'yes'"],
      ['process', 1, 'no names other than'],
      ["require('fs')", 1, 'no names other than'],
      ['`${1}`', 1, 'single or double quotes'],
      ['1 +', 4, 'expected a number'],
      ['(1', 3, "expected ')'"],
      ['1 2', 3, 'expected an operator'],
      ["'a' if True", 12, "expected 'else'"],
      ["'abc", 1, 'unterminated string'],
      ['{ 1 }', 1, 'must start a variable'],
      ['3x', 1, 'malformed number'],
      ['', 1, 'expected a number'],
    ])('rejects %j with EVAL_SYNTAX at column %i', (expr, column, words) => {
      const error = evalError(expr, { A: 1, B: 2, ANSWER0: 1 });
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'EVAL_SYNTAX', line: 1, column });
      expect(error.message).toContain(words);
    });

    it('rejects nesting deeper than the limit instead of overflowing the stack', () => {
      expect(evalError(`${'('.repeat(100)}1${')'.repeat(100)}`).message).toContain('nested more than');
      expect(evalError(`${'not '.repeat(100)}True`).reason).toBe('EVAL_SYNTAX');
      expect(evaluateExpression(`${'('.repeat(30)}1${')'.repeat(30)}`, {})).toBe(1);
    });

    it('rejects expressions longer than the limit', () => {
      expect(evalError(`1${' + 1'.repeat(2000)}`).message).toContain('longer than');
    });
  });

  it('keeps braces and text of strings that are not variables', () => {
    expect(evaluateExpression("'{' + '}' + '\\{A\\}'", { A: 1 })).toBe('{}{A}');
    expect(evaluateExpression('"it\'s {A}"', { A: 2 })).toBe("it's 2");
  });
});
