import type { ArgValue, Position, Step } from '../dsl/ast';
import { ProgramError } from '../errors';
import type { BoxesValue, Detection, ImageValue, ModuleBackend, Value } from '../values';

/** The static type of a program variable, as the validator infers it from the step that defines it. */
export type ValueType = 'image' | 'boxes' | 'tags' | 'string' | 'number' | 'primitive' | 'any';

/** One argument a step accepts. */
export interface ArgSpec {
  /** Lower-case argument name. */
  readonly name: string;
  /** `variable`: a variable of one of `types`; `string`: a string literal; `list`: a non-empty list of string literals. */
  readonly kind: 'variable' | 'string' | 'list';
  /** For `variable` arguments: the accepted variable types (`any` accepts all). */
  readonly types?: readonly ValueType[];
  readonly description: string;
}

/** A resolved argument: a variable's value, a string literal, or a list of strings. */
export type ResolvedArg = Value | readonly string[];
/** Arguments by lower-case name, after variables are replaced by their values. */
export type ResolvedArgs = Readonly<Record<string, ResolvedArg>>;

/** What a step may use while it runs. */
export interface StepContext {
  /** The op as written, upper-cased (one module may serve several ops). */
  readonly op: string;
  readonly backend: ModuleBackend;
  /** Aborted when the run is cancelled or fails; pass it to every backend call. */
  readonly signal: AbortSignal;
  /** The step being run, as parsed (for source positions in errors). */
  readonly step: Step;
  /** The values of the variables this step references (EVAL reads its `{VAR}`s here). */
  readonly vars: Readonly<Record<string, Value>>;
}

/** A JSON-able record of what a step did, for the visual rationale. */
export interface Rationale {
  readonly text: string;
  /** The image the step looked at. */
  readonly image?: ImageValue;
  /** Boxes to draw on `image`, in root coordinates. */
  readonly boxes?: readonly Detection[];
  /** A region the step cut out. */
  readonly crop?: ImageValue;
}

/** A variable a step reads outside its plain arguments (EVAL's `{VAR}`s), with its source position. */
export interface StepReference extends Position {
  readonly name: string;
}

/**
 * One step of the DSL: the argument schema the validator checks, how to execute it, and how to
 * describe its result. Variants that differ only in data (the CROP_* family) are one module
 * serving several ops.
 */
export interface StepModule {
  /** The ops this module serves, upper-case; the first is its canonical name. */
  readonly ops: readonly string[];
  /** Whether executing it calls the module backend. */
  readonly remote: boolean;
  readonly args: readonly ArgSpec[];
  /** The type of the step's output; `any` for RESULT, whose output is its input. */
  readonly output: ValueType;
  readonly summary: string;
  /**
   * Variables the step reads from inside its literal arguments. Throws ProgramError (e.g.
   * `EVAL_SYNTAX`) positioned in the program source when the literal is malformed.
   */
  references?(args: ReadonlyMap<string, ArgValue>): StepReference[];
  /** Runs the step. Throws ProgramError for bad run-time data; backend errors propagate. */
  execute(args: ResolvedArgs, ctx: StepContext): Promise<Value>;
  /** A small rationale record for the step's result. Throws nothing. */
  describe(args: ResolvedArgs, output: Value, op: string): Rationale;
}

function internal(message: string): ProgramError {
  return new ProgramError({ code: 'INTERNAL', reason: 'STEP_FAILED', message, line: 0, column: 0 });
}

/** The image argument `name`; throws an INTERNAL ProgramError if validation was bypassed. */
export function imageArg(args: ResolvedArgs, name: string): ImageValue {
  const value = args[name];
  if (typeof value === 'object' && !Array.isArray(value) && (value as Value & object).kind === 'image') return value as ImageValue;
  throw internal(`argument '${name}' is not an image`);
}

/** The boxes argument `name`; throws an INTERNAL ProgramError if validation was bypassed. */
export function boxesArg(args: ResolvedArgs, name: string): BoxesValue {
  const value = args[name];
  if (typeof value === 'object' && !Array.isArray(value) && (value as Value & object).kind === 'boxes') return value as BoxesValue;
  throw internal(`argument '${name}' is not a list of boxes`);
}

/** The string argument `name`; throws an INTERNAL ProgramError if validation was bypassed. */
export function stringArg(args: ResolvedArgs, name: string): string {
  const value = args[name];
  if (typeof value === 'string') return value;
  throw internal(`argument '${name}' is not a string`);
}

/** The string-list argument `name`; throws an INTERNAL ProgramError if validation was bypassed. */
export function listArg(args: ResolvedArgs, name: string): readonly string[] {
  const value = args[name];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as readonly string[];
  throw internal(`argument '${name}' is not a list of strings`);
}
