/**
 * The AST of the EVAL language. `offset` is the 0-based index in the expression text where the node
 * starts. There is no member access, call or indexing node: the language cannot name host objects.
 */

/** The values EVAL computes with and returns. */
export type Primitive = string | number | boolean;

/** Arithmetic operators (numbers; `+` also concatenates strings). */
export type ArithmeticOp = '+' | '-' | '*' | '/';
/** Boolean operators over yes/no values. */
export type LogicalOp = 'and' | 'or' | 'xor';
/** Comparison operators; they chain as in Python. */
export type ComparisonOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** A piece of a string literal: plain text, or a `{VAR}` to interpolate. */
export type TemplatePart = { readonly text: string } | { readonly variable: string; readonly offset: number };

/** A node of a parsed EVAL expression; see `parseExpression` for the grammar. */
export type EvalNode =
  | { readonly type: 'literal'; readonly value: Primitive; readonly offset: number }
  | { readonly type: 'template'; readonly parts: readonly TemplatePart[]; readonly offset: number }
  | { readonly type: 'variable'; readonly name: string; readonly offset: number }
  | { readonly type: 'negate'; readonly operand: EvalNode; readonly offset: number }
  | { readonly type: 'not'; readonly operand: EvalNode; readonly offset: number }
  | { readonly type: 'arithmetic'; readonly op: ArithmeticOp; readonly left: EvalNode; readonly right: EvalNode; readonly offset: number }
  | { readonly type: 'logical'; readonly op: LogicalOp; readonly left: EvalNode; readonly right: EvalNode; readonly offset: number }
  | {
      readonly type: 'compare';
      readonly first: EvalNode;
      readonly rest: ReadonlyArray<{ readonly op: ComparisonOp; readonly operand: EvalNode }>;
      readonly offset: number;
    }
  | { readonly type: 'conditional'; readonly test: EvalNode; readonly then: EvalNode; readonly otherwise: EvalNode; readonly offset: number };
