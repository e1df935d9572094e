import type { ProgramError } from '../errors';
import type { ArithmeticOp, ComparisonOp, EvalNode, LogicalOp } from './eval-ast';
import { evalSyntaxError, tokenizeExpression, type EvalToken } from './eval-lexer';

/** How deeply parentheses, `not`, unary minus and conditionals may nest. */
export const MAX_NESTING = 64;

const COMPARISONS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);

/**
 * Parses an EVAL expression into its AST. Precedence, loosest first:
 * `x if c else y` (right-associative) < `or` < `xor` < `and` < `not` < comparisons (chained as in
 * Python: `a < b < c` means `a < b and b < c`) < `+ -` < `* /` < unary `-` < literals, `{VAR}`, `( )`.
 *
 * @throws ProgramError `EVAL_SYNTAX` with the column and the expected tokens.
 */
export function parseExpression(text: string): EvalNode {
  const parser = new ExpressionParser(tokenizeExpression(text));
  const node = parser.conditional();
  parser.end();
  return node;
}

class ExpressionParser {
  private at = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly EvalToken[]) {}

  end(): void {
    const token = this.peek();
    if (token.kind !== 'eof') throw this.unexpected(token, ['an operator', 'end of expression']);
  }

  conditional(): EvalNode {
    const then = this.or();
    if (!this.isKeyword('if')) return then;
    const start = this.next();
    const test = this.nested(() => this.or());
    if (!this.isKeyword('else')) throw this.unexpected(this.peek(), ["'else'"]);
    this.next();
    const otherwise = this.nested(() => this.conditional());
    return { type: 'conditional', test, then, otherwise, offset: start.offset };
  }

  private or(): EvalNode {
    return this.logical('or', () => this.xor());
  }

  private xor(): EvalNode {
    return this.logical('xor', () => this.and());
  }

  private and(): EvalNode {
    return this.logical('and', () => this.not());
  }

  private logical(op: LogicalOp, operand: () => EvalNode): EvalNode {
    let left = operand();
    while (this.isKeyword(op)) {
      const token = this.next();
      left = { type: 'logical', op, left, right: operand(), offset: token.offset };
    }
    return left;
  }

  private not(): EvalNode {
    if (!this.isKeyword('not')) return this.comparison();
    const token = this.next();
    return { type: 'not', operand: this.nested(() => this.not()), offset: token.offset };
  }

  private comparison(): EvalNode {
    const first = this.additive();
    const rest: Array<{ op: ComparisonOp; operand: EvalNode }> = [];
    while (this.peek().kind === 'operator' && COMPARISONS.has(this.peek().text)) {
      const op = this.next().text as ComparisonOp;
      rest.push({ op, operand: this.additive() });
    }
    return rest.length === 0 ? first : { type: 'compare', first, rest, offset: first.offset };
  }

  private additive(): EvalNode {
    return this.arithmetic(['+', '-'], () => this.multiplicative());
  }

  private multiplicative(): EvalNode {
    return this.arithmetic(['*', '/'], () => this.unary());
  }

  private arithmetic(ops: readonly ArithmeticOp[], operand: () => EvalNode): EvalNode {
    let left = operand();
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'operator' || !ops.includes(token.text as ArithmeticOp)) return left;
      this.next();
      left = { type: 'arithmetic', op: token.text as ArithmeticOp, left, right: operand(), offset: token.offset };
    }
  }

  private unary(): EvalNode {
    const token = this.peek();
    if (token.kind === 'operator' && token.text === '-') {
      this.next();
      return { type: 'negate', operand: this.nested(() => this.unary()), offset: token.offset };
    }
    return this.primary();
  }

  private primary(): EvalNode {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        return { type: 'literal', value: token.number as number, offset: token.offset };
      case 'string': {
        const parts = token.parts ?? [];
        const only = parts[0];
        if (parts.length === 1 && only !== undefined && 'text' in only) return { type: 'literal', value: only.text, offset: token.offset };
        return { type: 'template', parts, offset: token.offset };
      }
      case 'variable':
        return { type: 'variable', name: token.text, offset: token.offset };
      case 'keyword':
        if (token.text === 'True' || token.text === 'true') return { type: 'literal', value: true, offset: token.offset };
        if (token.text === 'False' || token.text === 'false') return { type: 'literal', value: false, offset: token.offset };
        break;
      case 'lparen': {
        const inner = this.nested(() => this.conditional());
        if (this.peek().kind !== 'rparen') throw this.unexpected(this.peek(), ["')'"]);
        this.next();
        return inner;
      }
      default:
        break;
    }
    throw this.unexpected(token, ['a number', 'a string', '{VAR}', 'True', 'False', "'('", "'-'", "'not'"]);
  }

  private nested(parse: () => EvalNode): EvalNode {
    this.depth += 1;
    if (this.depth > MAX_NESTING) throw evalSyntaxError(`expression nested more than ${MAX_NESTING} levels deep`, this.peek().offset);
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private unexpected(token: EvalToken, expected: string[]): ProgramError {
    const found = token.kind === 'eof' ? 'end of expression' : `'${token.text}'`;
    return evalSyntaxError(`expected ${expected.join(' or ')}, found ${found}`, token.offset, expected);
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === 'keyword' && token.text === word;
  }

  private peek(): EvalToken {
    return this.tokens[this.at];
  }

  private next(): EvalToken {
    const token = this.tokens[this.at];
    if (token.kind !== 'eof') this.at += 1;
    return token;
  }
}
