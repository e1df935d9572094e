import type { ArgValue } from '../dsl/ast';
import { invalidArgument, isProgramError, type ProgramErrorData } from '../errors';
import type { EvalNode } from '../eval/eval-ast';
import { evaluateNode } from '../eval/evaluate-expression';
import { parseExpression } from '../eval/eval-parser';
import { expressionReferences } from '../eval/references';
import type { Value } from '../values';
import { stringArg, type StepModule, type StepReference } from './step';

/**
 * Moves an EVAL error from expression coordinates (line 1, column = offset + 1) to the program
 * source: the line of the string literal and the column of the character at that offset.
 */
export function positionEvalError(error: ProgramErrorData, literal: Extract<ArgValue, { kind: 'string' }>): ProgramErrorData {
  const offset = Math.max(0, error.column - 1);
  const column = literal.columns[offset] ?? (literal.columns.length > 0 ? literal.columns[literal.columns.length - 1] + 1 : literal.column + 1);
  const message = error.message.replace(/^EVAL column \d+: /, `line ${literal.line}, column ${column}: EVAL: `);
  return invalidArgument(error.reason, message, { line: literal.line, column }, error.expected ? { expected: error.expected } : {});
}

const parsed = new Map<string, EvalNode>();

function parseCached(expr: string): EvalNode {
  let node = parsed.get(expr);
  if (node === undefined) {
    node = parseExpression(expr);
    if (parsed.size > 1000) parsed.clear();
    parsed.set(expr, node);
  }
  return node;
}

/** `EVAL(expr)`: evaluates the safe expression language over earlier variables. */
export const evalStep: StepModule = {
  ops: ['EVAL'],
  remote: false,
  output: 'primitive',
  summary: "Evaluates a safe expression over earlier results: {VAR}, + - * /, comparisons, and/or/not/xor, 'x if c else y'.",
  args: [{ name: 'expr', kind: 'string', description: "the expression, e.g. \"'yes' if {ANSWER0} > 0 else 'no'\"" }],
  references(args): StepReference[] {
    const literal = args.get('expr');
    if (literal?.kind !== 'string') return [];
    try {
      return expressionReferences(parseCached(literal.value)).map((ref) => ({
        name: ref.name,
        line: literal.line,
        column: literal.columns[ref.offset] ?? literal.column,
      }));
    } catch (error) {
      throw isProgramError(error) ? positionEvalError(error, literal) : error;
    }
  },
  async execute(args, ctx): Promise<Value> {
    try {
      return evaluateNode(parseCached(stringArg(args, 'expr')), ctx.vars);
    } catch (error) {
      const literal = ctx.step.args.find((a) => a.name === 'expr')?.value;
      throw isProgramError(error) && literal?.kind === 'string' ? positionEvalError(error, literal) : error;
    }
  },
  describe(args, output) {
    return { text: `${stringArg(args, 'expr')} → ${String(output)}` };
  },
};
