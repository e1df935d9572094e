import type { ArgValue, Argument, Program, Step } from '../dsl/ast';
import { invalidArgument, isProgramError, type FieldViolation, type ProgramErrorReason } from '../errors';
import { findStep, knownOps } from '../steps/catalogue';
import type { ArgSpec, StepModule, ValueType } from '../steps/step';
import { didYouMean, suggest } from './suggest';

interface Violation extends FieldViolation {
  readonly line: number;
  readonly column: number;
  readonly reason: ProgramErrorReason;
  readonly expected?: readonly string[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PRIMITIVE_TYPES: ReadonlySet<ValueType> = new Set(['string', 'number', 'primitive', 'any']);

/**
 * Checks a parsed program before anything runs: every op is known; argument names, kinds and
 * variable types match the step catalogue; every variable is defined before use (`inputs` are
 * defined up front, e.g. `['IMAGE']` or `['LEFT', 'RIGHT']`); no variable (input or output) is
 * defined twice; EVAL expressions parse and use defined primitive variables; the program ends in
 * RESULT and has no other RESULT.
 *
 * @throws ProgramError with the first problem's reason (`PROGRAM_INVALID`, or `EVAL_SYNTAX` for a
 *   malformed EVAL expression), line, column and expectation, and every problem in `fieldViolations`.
 */
export function validateProgram(program: Program, inputs: readonly string[]): void {
  const violations: Violation[] = [];
  const add = (field: string, description: string, at: { line: number; column: number }, extra: Partial<Violation> = {}) =>
    violations.push({ field, description: `line ${at.line}, column ${at.column}: ${description}`, line: at.line, column: at.column, reason: 'PROGRAM_INVALID', ...extra });

  const types = new Map<string, ValueType>();
  const definedAt = new Map<string, string>();
  for (const input of inputs) {
    if (!IDENTIFIER.test(input) || types.has(input)) {
      add('inputs', `input name '${input}' is not a valid, unique variable name`, { line: 0, column: 0 });
      continue;
    }
    types.set(input, 'image');
    definedAt.set(input, 'as a program input');
  }

  if (program.steps.length === 0) add('steps', 'the program has no steps; it must end in RESULT(var=...)', { line: 1, column: 1 }, { expected: ['a step'] });

  for (const step of program.steps) {
    const field = `steps[${step.index}]`;
    const module = findStep(step.op);
    if (module === undefined) {
      add(`${field}.op`, `unknown op '${step.rawOp}'${didYouMean(step.op, knownOps())}`, { line: step.opLine, column: step.opColumn }, { expected: knownOps() });
    } else {
      checkArguments(step, module, types, add);
    }
    const isLast = step.index === program.steps.length - 1;
    if (step.op === 'RESULT' && !isLast) add(`${field}.op`, 'RESULT must be the last step', { line: step.opLine, column: step.opColumn }, { expected: ['the end of the program'] });
    if (isLast && step.op !== 'RESULT') add(`${field}.op`, `the program must end in RESULT(var=...), but its last step is ${step.rawOp}`, { line: step.opLine, column: step.opColumn }, { expected: ['RESULT'] });

    const previous = definedAt.get(step.output);
    if (previous !== undefined) {
      add(`${field}.output`, `variable '${step.output}' is already defined ${previous}; every variable is defined once`, step, { expected: ['a new variable name'] });
    } else {
      definedAt.set(step.output, `at line ${step.line}`);
      types.set(step.output, outputType(step, module, types));
    }
  }

  violations.sort((a, b) => a.line - b.line || a.column - b.column);
  const first = violations[0];
  if (first === undefined) return;
  const more = violations.length > 1 ? ` (and ${violations.length - 1} more problem${violations.length > 2 ? 's' : ''})` : '';
  throw invalidArgument(first.reason, `${first.description}${more}`, first, {
    ...(first.expected ? { expected: first.expected } : {}),
    fieldViolations: violations.map(({ field, description, line, column }) => ({ field, description, line, column })),
  });
}

type Add = (field: string, description: string, at: { line: number; column: number }, extra?: Partial<Violation>) => void;

function checkArguments(step: Step, module: StepModule, types: ReadonlyMap<string, ValueType>, add: Add): void {
  const field = `steps[${step.index}]`;
  const allowed = module.args.map((a) => a.name);
  const given = new Map<string, ArgValue>();
  const misspelt = new Set<string>();
  for (const arg of step.args) {
    const spec = module.args.find((a) => a.name === arg.name);
    if (spec === undefined) {
      const likely = suggest(arg.name, allowed);
      if (likely !== undefined) misspelt.add(likely);
      const hint = likely === undefined ? '' : ` (did you mean ${likely}?)`;
      add(`${field}.args.${arg.rawName}`, `${step.op} has no argument '${arg.rawName}'${hint}; it takes ${allowed.join(', ')}`, arg, { expected: allowed });
    } else if (given.has(arg.name)) {
      add(`${field}.args.${arg.name}`, `argument '${arg.name}' is given twice`, arg, { expected: allowed.filter((a) => !given.has(a)) });
    } else {
      given.set(arg.name, arg.value);
      checkValue(`${field}.args.${arg.name}`, step, arg, spec, types, add);
    }
  }
  for (const spec of module.args) {
    if (!given.has(spec.name) && !misspelt.has(spec.name)) add(`${field}.args.${spec.name}`, `${step.op} needs argument '${spec.name}' (${spec.description})`, { line: step.opLine, column: step.opColumn }, { expected: [`${spec.name}=...`] });
  }
  if (module.references === undefined) return;
  try {
    for (const ref of module.references(given)) {
      const type = types.get(ref.name);
      if (type === undefined) {
        add(`${field}.args`, `variable {${ref.name}} is not defined before this step${didYouMean(ref.name, types.keys())}`, ref, { expected: [...types.keys()] });
      } else if (!PRIMITIVE_TYPES.has(type)) {
        add(`${field}.args`, `variable {${ref.name}} holds ${type}, but EVAL works on strings, numbers and booleans (COUNT turns boxes into a number)`, ref, { expected: ['a string, number or boolean variable'] });
      }
    }
  } catch (error) {
    if (!isProgramError(error)) throw error;
    add(`${field}.args`, error.message.replace(/^line \d+, column \d+: /, ''), error, { reason: error.reason, ...(error.expected ? { expected: error.expected } : {}) });
  }
}

function checkValue(field: string, step: Step, arg: Argument, spec: ArgSpec, types: ReadonlyMap<string, ValueType>, add: Add): void {
  const value = arg.value;
  const where = `${step.op}(${spec.name}=...)`;
  if (spec.kind === 'string') {
    if (value.kind !== 'string') add(field, `${where} takes a quoted string (${spec.description}), not ${describeValue(value)}`, value, { expected: ['a quoted string'] });
    return;
  }
  if (spec.kind === 'list') {
    if (value.kind !== 'list') add(field, `${where} takes a list of strings such as ['a','b'], not ${describeValue(value)}`, value, { expected: ['a list of strings'] });
    else if (value.items.length === 0) add(field, `${where} needs at least one item`, value, { expected: ['a non-empty list'] });
    else {
      const bad = value.items.find((item) => item.kind !== 'string');
      if (bad !== undefined) add(field, `${where} holds strings only, not ${describeValue(bad)}`, bad, { expected: ['a string'] });
    }
    return;
  }
  if (value.kind !== 'variable') {
    add(field, `${where} takes a variable (${spec.description}), not ${describeValue(value)}`, value, { expected: ['a variable'] });
    return;
  }
  const type = types.get(value.name);
  const accepted = spec.types ?? ['any'];
  if (type === undefined) {
    add(field, `variable '${value.name}' is not defined before this step${didYouMean(value.name, types.keys())}`, value, { expected: [...types.keys()] });
  } else if (!accepted.includes('any') && type !== 'any' && !accepted.includes(type)) {
    add(field, `${where} needs ${accepted.join(' or ')}, but '${value.name}' holds ${type}`, value, { expected: accepted.map((t) => `a variable holding ${t}`) });
  }
}

function outputType(step: Step, module: StepModule | undefined, types: ReadonlyMap<string, ValueType>): ValueType {
  if (module === undefined) return 'any';
  if (module.output !== 'any') return module.output;
  const source = step.args.find((a) => a.name === 'var')?.value;
  return source?.kind === 'variable' ? (types.get(source.name) ?? 'any') : 'any';
}

function describeValue(value: ArgValue): string {
  switch (value.kind) {
    case 'variable':
      return `the variable ${value.name}`;
    case 'string':
      return 'a string';
    case 'number':
      return `the number ${value.value}`;
    case 'list':
      return 'a list';
  }
}
