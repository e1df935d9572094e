/**
 * The typed AST of a program. Every node carries the 1-based line and column where it starts, so
 * the validator and the executor can point at the exact source text.
 */

/** A 1-based source position. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A reference to a variable: an input (`IMAGE`, `LEFT`, `RIGHT`) or an earlier step's output. */
export interface VariableValue extends Position {
  readonly kind: 'variable';
  readonly name: string;
}

/** A string literal, unescaped. `columns[i]` is the source column of `value[i]` (escapes shift them). */
export interface StringValue extends Position {
  readonly kind: 'string';
  readonly value: string;
  readonly columns: readonly number[];
}

/** A number literal (integer or float, possibly negative). */
export interface NumberValue extends Position {
  readonly kind: 'number';
  readonly value: number;
}

/** A list of string or number literals, e.g. `['smiling','frowning']`. */
export interface ListValue extends Position {
  readonly kind: 'list';
  readonly items: ReadonlyArray<StringValue | NumberValue>;
}

/** Anything that can stand on the right of `name=` in a step. */
export type ArgValue = VariableValue | StringValue | NumberValue | ListValue;

/** One `name=value` argument. `name` is lower-cased; `rawName` is as written. */
export interface Argument extends Position {
  readonly name: string;
  readonly rawName: string;
  readonly value: ArgValue;
}

/** One `OUT=OP(args)` line. `op` is upper-cased; `rawOp` is as written. */
export interface Step extends Position {
  /** 0-based position of the step in the program. */
  readonly index: number;
  readonly output: string;
  readonly op: string;
  readonly rawOp: string;
  /** Where the op name starts. */
  readonly opLine: number;
  readonly opColumn: number;
  readonly args: readonly Argument[];
}

/** A parsed program: its steps in source order. */
export interface Program {
  readonly steps: readonly Step[];
}
