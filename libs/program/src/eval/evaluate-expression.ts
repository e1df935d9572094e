import type { Value } from '../values';
import type { ComparisonOp, EvalNode, Primitive, TemplatePart } from './eval-ast';
import { asBoolean, asNumber, evalError, looselyEqual, showValue } from './coercion';
import { parseExpression } from './eval-parser';

/**
 * Evaluates an EVAL expression against program variables. The expression is parsed by the EVAL
 * grammar and walked by a tiny interpreter: it never reaches host code, and it returns only a
 * string, a finite number or a boolean.
 *
 * @throws ProgramError `EVAL_SYNTAX` (does not parse), `EVAL_UNDEFINED` (a `{VAR}` that `vars` does
 *   not own), `EVAL_TYPE` (a variable holding an image or boxes; an operator applied to the wrong
 *   kind of value), `EVAL_DIVISION_BY_ZERO`, `EVAL_ARITHMETIC` (a result that is not finite).
 */
export function evaluateExpression(expr: string, vars: Readonly<Record<string, Value>>): Primitive {
  return evaluateNode(parseExpression(expr), vars);
}

/** Evaluates an already parsed expression; see {@link evaluateExpression}. */
export function evaluateNode(node: EvalNode, vars: Readonly<Record<string, Value>>): Primitive {
  return new Evaluator(vars).run(node);
}

class Evaluator {
  constructor(private readonly vars: Readonly<Record<string, Value>>) {}

  run(node: EvalNode): Primitive {
    switch (node.type) {
      case 'literal':
        return node.value;
      case 'template':
        return node.parts.map((part) => this.part(part)).join('');
      case 'variable':
        return this.lookup(node.name, node.offset);
      case 'negate':
        return this.finite(-this.number(this.run(node.operand), 'unary -', node.operand.offset), node.offset);
      case 'not':
        return !this.truth(this.run(node.operand), node.operand.offset);
      case 'logical':
        return this.logical(node);
      case 'arithmetic':
        return this.arithmetic(node);
      case 'compare':
        return this.compare(node);
      case 'conditional':
        return this.truth(this.run(node.test), node.test.offset) ? this.run(node.then) : this.run(node.otherwise);
    }
  }

  private part(part: TemplatePart): string {
    return 'text' in part ? part.text : showValue(this.lookup(part.variable, part.offset));
  }

  private lookup(name: string, offset: number): Primitive {
    if (!Object.prototype.hasOwnProperty.call(this.vars, name)) {
      throw evalError('EVAL_UNDEFINED', `variable {${name}} is not defined`, offset);
    }
    const value: unknown = this.vars[name];
    if (typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    const kind = typeof value === 'object' && value !== null && 'kind' in value ? String((value as { kind: unknown }).kind) : typeof value;
    throw evalError('EVAL_TYPE', `variable {${name}} holds ${kind}, not a string, number or boolean (COUNT turns boxes into a number)`, offset);
  }

  private logical(node: Extract<EvalNode, { type: 'logical' }>): boolean {
    const left = this.truth(this.run(node.left), node.left.offset);
    if (node.op === 'and' && !left) return false;
    if (node.op === 'or' && left) return true;
    const right = this.truth(this.run(node.right), node.right.offset);
    return node.op === 'xor' ? left !== right : right;
  }

  private arithmetic(node: Extract<EvalNode, { type: 'arithmetic' }>): Primitive {
    const left = this.run(node.left);
    const right = this.run(node.right);
    const ln = typeof left === 'boolean' ? undefined : asNumber(left);
    const rn = typeof right === 'boolean' ? undefined : asNumber(right);
    if (node.op === '+' && (ln === undefined || rn === undefined) && typeof left === 'string' && typeof right === 'string') {
      return left + right;
    }
    const a = this.number(left, node.op, node.left.offset);
    const b = this.number(right, node.op, node.right.offset);
    switch (node.op) {
      case '+':
        return this.finite(a + b, node.offset);
      case '-':
        return this.finite(a - b, node.offset);
      case '*':
        return this.finite(a * b, node.offset);
      case '/':
        if (b === 0) throw evalError('EVAL_DIVISION_BY_ZERO', `division by zero (${showValue(left)} / ${showValue(right)})`, node.offset);
        return this.finite(a / b, node.offset);
    }
  }

  private compare(node: Extract<EvalNode, { type: 'compare' }>): boolean {
    let left = this.run(node.first);
    for (const { op, operand } of node.rest) {
      const right = this.run(operand);
      if (!this.compareOnce(op, left, right, operand.offset)) return false;
      left = right;
    }
    return true;
  }

  private compareOnce(op: ComparisonOp, left: Primitive, right: Primitive, offset: number): boolean {
    if (op === '==') return looselyEqual(left, right);
    if (op === '!=') return !looselyEqual(left, right);
    const ln = typeof left === 'boolean' ? undefined : asNumber(left);
    const rn = typeof right === 'boolean' ? undefined : asNumber(right);
    let order: number;
    if (ln !== undefined && rn !== undefined) order = ln - rn;
    else if (typeof left === 'string' && typeof right === 'string') order = left < right ? -1 : left > right ? 1 : 0;
    else throw evalError('EVAL_TYPE', `cannot order ${describe(left)} and ${describe(right)} with '${op}'`, offset);
    switch (op) {
      case '<':
        return order < 0;
      case '<=':
        return order <= 0;
      case '>':
        return order > 0;
      case '>=':
        return order >= 0;
    }
  }

  private number(value: Primitive, op: string, offset: number): number {
    const n = typeof value === 'boolean' ? undefined : asNumber(value);
    if (n === undefined) throw evalError('EVAL_TYPE', `'${op}' needs numbers, got ${describe(value)}`, offset);
    return n;
  }

  private truth(value: Primitive, offset: number): boolean {
    const b = asBoolean(value);
    if (b === undefined) throw evalError('EVAL_TYPE', `${describe(value)} is not a yes/no value`, offset);
    return b;
  }

  private finite(value: number, offset: number): number {
    if (!Number.isFinite(value)) throw evalError('EVAL_ARITHMETIC', 'the result is not a finite number', offset);
    return value;
  }
}

function describe(value: Primitive): string {
  if (typeof value === 'string') return `the string '${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
  return `the ${typeof value} ${showValue(value)}`;
}
