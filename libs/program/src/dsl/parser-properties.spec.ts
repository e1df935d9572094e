import * as fc from 'fast-check';
import { isProgramError } from '../errors';
import { parseProgram } from './parser';

const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/);
const stringLiteral = fc.string({ maxLength: 12 }).filter((s) => !s.includes('\n'));
const numberLiteral = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })).map((n) => n || 0);
type Value = { kind: 'variable'; name: string } | { kind: 'string'; value: string } | { kind: 'number'; value: number } | { kind: 'list'; items: string[] };
const value: fc.Arbitrary<Value> = fc.oneof(
  name.map((n) => ({ kind: 'variable' as const, name: n })),
  stringLiteral.map((v) => ({ kind: 'string' as const, value: v })),
  numberLiteral.map((v) => ({ kind: 'number' as const, value: v })),
  fc.array(stringLiteral, { maxLength: 3 }).map((items) => ({ kind: 'list' as const, items })),
);
const step = fc.record({ output: name, op: name, args: fc.array(fc.tuple(name, value), { maxLength: 3 }) });

function quote(s: string, style: string): string {
  return `${style}${s.replace(/[\\'"]/g, (c) => `\\${c}`).replace(/\t/g, '\\t')}${style}`;
}

function print(v: Value, style: string): string {
  switch (v.kind) {
    case 'variable':
      return v.name;
    case 'string':
      return quote(v.value, style);
    case 'number':
      return String(v.value);
    case 'list':
      return `[${v.items.map((i) => quote(i, style)).join(',')}]`;
  }
}

describe('parseProgram on generated input', () => {
  it('returns a program or throws PROGRAM_SYNTAX for any text, never anything else', () => {
    const soup = fc
      .array(fc.constantFrom('A', 'B0', '=', '(', ')', '[', ']', ',', "'", '"', '\\', ' ', '\n', '\r\n', 'LOC', 'x=', '-1', '2.5', "'it's'", '.'), { maxLength: 20 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), soup), (text) => {
        try {
          expect(Array.isArray(parseProgram(text).steps)).toBe(true);
        } catch (error) {
          expect(isProgramError(error) && error.reason === 'PROGRAM_SYNTAX').toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('parses back every well-formed program it prints, whatever the spacing, quotes and line endings', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('', ' ', '  '),
        fc.constantFrom("'", '"'),
        fc.constantFrom('\n', '\r\n', '\n\n'),
        (steps, pad, style, eol) => {
          const text = steps
            .map((s) => `${pad}${s.output}${pad}=${pad}${s.op}(${s.args.map(([n, v]) => `${n}${pad}=${pad}${print(v, style)}`).join(`,${pad}`)})`)
            .join(eol);
          const parsed = parseProgram(text);
          expect(parsed.steps.map((s) => [s.output, s.op, s.args.map((a) => a.name)])).toEqual(
            steps.map((s) => [s.output, s.op.toUpperCase(), s.args.map(([n]) => n.toLowerCase())]),
          );
          const values = parsed.steps.flatMap((s) =>
            s.args.map((a) => (a.value.kind === 'variable' ? a.value.name : a.value.kind === 'list' ? a.value.items.map((i) => i.value) : a.value.value)),
          );
          expect(values).toEqual(steps.flatMap((s) => s.args.map(([, v]) => (v.kind === 'variable' ? v.name : v.kind === 'list' ? v.items : v.value))));
        },
      ),
      { numRuns: 300 },
    );
  });
});
