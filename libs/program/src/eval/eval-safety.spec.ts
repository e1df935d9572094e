/**
 * Property-based evidence that the EVAL language cannot reach host code: whatever the text, the
 * evaluator only ever returns a string, a finite number or a boolean, or throws a typed
 * ProgramError; it reads no variable it was not asked for and touches nothing on Object.prototype.
 */
import * as fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProgramError } from '../errors';
import type { Value } from '../values';
import type { EvalNode, TemplatePart } from './eval-ast';
import { parseExpression } from './eval-parser';
import { evaluateExpression } from './evaluate-expression';

const EVAL_REASONS = new Set(['EVAL_SYNTAX', 'EVAL_TYPE', 'EVAL_UNDEFINED', 'EVAL_DIVISION_BY_ZERO', 'EVAL_ARITHMETIC']);
const SENTINEL = 'vprogSentinel';
let sentinelReads = 0;

beforeAll(() => {
  Object.defineProperty(Object.prototype, SENTINEL, {
    configurable: true,
    get() {
      sentinelReads += 1;
      return 'reached';
    },
  });
});

afterAll(() => {
  delete (Object.prototype as Record<string, unknown>)[SENTINEL];
});

/** Variables wrapped in a proxy that records every key the evaluator looks at. */
function watchedVars(values: Record<string, Value>): { vars: Record<string, Value>; keys: PropertyKey[] } {
  const keys: PropertyKey[] = [];
  const vars = new Proxy(values, {
    get(target, key, receiver) {
      keys.push(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
    getOwnPropertyDescriptor(target, key) {
      keys.push(key);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    has(target, key) {
      keys.push(key);
      return Reflect.has(target, key);
    },
  });
  return { vars, keys };
}

/** Runs an expression and checks the safety contract; returns what happened for further checks. */
function checkSafe(expr: string, values: Record<string, Value>): void {
  const { vars, keys } = watchedVars(values);
  const before = sentinelReads;
  let outcome: unknown;
  try {
    outcome = evaluateExpression(expr, vars);
  } catch (error) {
    expect(isProgramError(error)).toBe(true);
    expect(EVAL_REASONS.has((error as { reason: string }).reason)).toBe(true);
    outcome = undefined;
  }
  if (outcome !== undefined) {
    expect(['string', 'number', 'boolean']).toContain(typeof outcome);
    if (typeof outcome === 'number') expect(Number.isFinite(outcome)).toBe(true);
  }
  expect(sentinelReads).toBe(before);
  const named = new Set([...expr.matchAll(/\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g)].map((m) => m[1]));
  for (const key of keys) expect(typeof key === 'string' && named.has(key)).toBe(true);
}

const HOSTILE_TOKENS = [
  'constructor', '__proto__', 'prototype', 'process', "require('fs')", 'require', 'globalThis', 'this', 'Function',
  'eval', 'import', 'new', '=>', ';', '.', '[', ']', '(', ')', '{', '}', '`', '${', '`${process.exit()}`', '\\',
  "'", '"', '{constructor}', '{__proto__}', `{${SENTINEL}}`, SENTINEL, "'{constructor}'", '{A}', '{B}', '{S}',
  'if', 'else', 'and', 'or', 'not', 'xor', '+', '-', '*', '/', '==', '!=', '<', '>=', '1', '0', '2.5', 'True',
  'False', "'yes'", "'no'", "'3'", ',', ':', '?', '!', '&&', '||', '=', 'toString', 'valueOf', '{toString}',
];
const VALUES: Record<string, Value> = { A: 3, B: 'yes', S: '12', T: true, W: 'red star' };

describe('EVAL safety', () => {
  it('names no host object: property names and code-like text are parse errors or plain strings', () => {
    for (const expr of ['constructor', '{A}.constructor', '__proto__', "{A}['constructor']", 'process.exit(1)', "require('fs')", '`${1}`', 'this', 'globalThis', 'Function("return 1")()', 'new Date()', '() => 1']) {
      const error = (() => {
        try {
          evaluateExpression(expr, VALUES);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toMatchObject({ reason: 'EVAL_SYNTAX' });
    }
    expect(evaluateExpression("'constructor' + '__proto__' + \"require('fs')\" + '`$(process)`'", {})).toBe("constructor__proto__require('fs')`$(process)`");
    // `{NAME}` inside a string reads the program's own variables, never the host's.
    expect(() => evaluateExpression("'`${process}`'", {})).toThrow(expect.objectContaining({ reason: 'EVAL_UNDEFINED' }));
    expect(evaluateExpression("'`${A}`'", VALUES)).toBe('`$3`');
    expect(() => evaluateExpression(`{${SENTINEL}}`, {})).toThrow(expect.objectContaining({ reason: 'EVAL_UNDEFINED' }));
    expect(sentinelReads).toBe(0);
  });

  it('returns only a primitive or throws a typed error for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme-ascii', maxLength: 60 })), (expr) => {
        checkSafe(expr, VALUES);
      }),
      { numRuns: 500 },
    );
  });

  it('returns only a primitive or throws a typed error for soups of hostile and valid tokens', () => {
    const soup = fc
      .tuple(fc.array(fc.constantFrom(...HOSTILE_TOKENS), { maxLength: 14 }), fc.constantFrom(' ', ''))
      .map(([tokens, glue]) => tokens.join(glue));
    fc.assert(
      fc.property(soup, (expr) => {
        checkSafe(expr, VALUES);
      }),
      { numRuns: 1500 },
    );
  });

  it('returns only a primitive or a run-time typed error for arbitrary well-formed expressions, never a syntax error', () => {
    fc.assert(
      fc.property(wellFormed, primitiveVars, (node, values) => {
        const text = print(node);
        checkSafe(text, values);
        try {
          evaluateExpression(text, values);
        } catch (error) {
          expect((error as { reason: string }).reason).not.toBe('EVAL_SYNTAX');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('parses what it prints: printing a parsed well-formed expression gives back the same text', () => {
    fc.assert(
      fc.property(wellFormed, (node) => {
        const text = print(node);
        expect(print(parseExpression(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('has no host-evaluation primitives in its source', () => {
    const dir = __dirname;
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
    expect(sources.length).toBeGreaterThan(3);
    for (const file of sources) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text).not.toMatch(/\beval\s*\(|new\s+Function|\bFunction\s*\(|from 'node:vm'|require\(['"]vm|\bwith\s*\(|globalThis|Reflect\./);
    }
  });
});

// ---- generators and a canonical, fully parenthesised printer -------------------------------------

const NAMES = ['A', 'B', 'S', 'T', 'W'] as const;
const primitive = fc.oneof(
  fc.integer({ min: -5, max: 12 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.boolean(),
  fc.constantFrom('yes', 'no', 'Yes', '3', ' 4 ', '0', '1.5', 'red', ''),
  fc.string({ maxLength: 8 }),
);
const primitiveVars = fc.record({ A: primitive, B: primitive, S: primitive, T: primitive, W: primitive }) as fc.Arbitrary<Record<string, Value>>;
const text = fc.string({ maxLength: 10 });

const wellFormed: fc.Arbitrary<EvalNode> = fc.letrec<{ node: EvalNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 6, withCrossShrink: true },
    fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true, min: 0, max: 1e9 }).map((value): EvalNode => ({ type: 'literal', value, offset: 0 })),
      fc.nat(20).map((value): EvalNode => ({ type: 'literal', value, offset: 0 })),
      fc.oneof(text, fc.constantFrom('yes', 'no', '2')).map((value): EvalNode => ({ type: 'literal', value, offset: 0 })),
      fc.boolean().map((value): EvalNode => ({ type: 'literal', value, offset: 0 })),
      fc.constantFrom(...NAMES).map((name): EvalNode => ({ type: 'variable', name, offset: 0 })),
      fc
        .array(fc.oneof(text.map((t): TemplatePart => ({ text: t })), fc.constantFrom(...NAMES).map((v): TemplatePart => ({ variable: v, offset: 0 }))), { minLength: 1, maxLength: 3 })
        .map((parts): EvalNode => ({ type: 'template', parts, offset: 0 })),
    ),
    tie('node').map((operand): EvalNode => ({ type: 'negate', operand, offset: 0 })),
    tie('node').map((operand): EvalNode => ({ type: 'not', operand, offset: 0 })),
    fc.tuple(fc.constantFrom('+', '-', '*', '/' as const), tie('node'), tie('node')).map(([op, left, right]): EvalNode => ({ type: 'arithmetic', op, left, right, offset: 0 })),
    fc.tuple(fc.constantFrom('and', 'or', 'xor' as const), tie('node'), tie('node')).map(([op, left, right]): EvalNode => ({ type: 'logical', op, left, right, offset: 0 })),
    fc
      .tuple(tie('node'), fc.array(fc.tuple(fc.constantFrom('==', '!=', '<', '<=', '>', '>=' as const), tie('node')), { minLength: 1, maxLength: 2 }))
      .map(([first, rest]): EvalNode => ({ type: 'compare', first, rest: rest.map(([op, operand]) => ({ op, operand })), offset: 0 })),
    fc.tuple(tie('node'), tie('node'), tie('node')).map(([then, test, otherwise]): EvalNode => ({ type: 'conditional', test, then, otherwise, offset: 0 })),
  ),
})).node;

function quote(s: string): string {
  return `'${s.replace(/[\\'{}]/g, (c) => `\\${c}`)}'`;
}

function print(node: EvalNode): string {
  switch (node.type) {
    case 'literal':
      if (typeof node.value === 'string') return quote(node.value);
      if (typeof node.value === 'boolean') return node.value ? 'True' : 'False';
      return String(node.value);
    case 'template': {
      const merged: string[] = [];
      let buffer = '';
      for (const part of node.parts) {
        if ('text' in part) buffer += part.text;
        else {
          merged.push(buffer.replace(/[\\'{}]/g, (c) => `\\${c}`), `{${part.variable}}`);
          buffer = '';
        }
      }
      merged.push(buffer.replace(/[\\'{}]/g, (c) => `\\${c}`));
      return `'${merged.join('')}'`;
    }
    case 'variable':
      return `{${node.name}}`;
    case 'negate':
      return `(-${print(node.operand)})`;
    case 'not':
      return `(not ${print(node.operand)})`;
    case 'arithmetic':
    case 'logical':
      return `(${print(node.left)} ${node.op} ${print(node.right)})`;
    case 'compare':
      return `(${[print(node.first), ...node.rest.map((r) => `${r.op} ${print(r.operand)}`)].join(' ')})`;
    case 'conditional':
      return `(${print(node.then)} if ${print(node.test)} else ${print(node.otherwise)})`;
  }
}
