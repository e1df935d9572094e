import { unary } from '@vprog/grpc-kit';
import { isProgramError, parseProgram, validateProgram, type ArgValue, type Program } from '@vprog/program';
import type { runner } from '@vprog/proto-ts';
import { programIssues } from './parse-issues';

function literal(value: Exclude<ArgValue, { kind: 'variable' | 'list' }>): runner.Literal {
  return value.kind === 'string' ? { kind: { $case: 'text', value: value.value } } : { kind: { $case: 'number', value: value.value } };
}

function argument(name: string, value: ArgValue): runner.StepArgument {
  switch (value.kind) {
    case 'variable':
      return { name, value: { $case: 'variable', value: value.name } };
    case 'list':
      return { name, value: { $case: 'list', value: { items: value.items.map(literal) } } };
    default:
      return { name, value: { $case: 'literal', value: literal(value) } };
  }
}

function parsedSteps(program: Program): runner.ParsedStep[] {
  return program.steps.map((step) => ({
    index: step.index,
    outputVar: step.output,
    op: step.op,
    arguments: step.args.map((a) => argument(a.name, a.value)),
    position: { line: step.line, column: step.column },
  }));
}

/**
 * `Parse`: parses and validates a program against its image variables (default `IMAGE`) without
 * calling any module. Problems are the answer, not a failure: they come back as issues (stable
 * code, message, line, column) in an OK response, and `steps` is then empty.
 * @throws only unexpected faults (INTERNAL).
 */
export function parseHandler() {
  return unary<runner.ParseRequest, runner.ParseResponse>(async (request) => {
    const inputs = request.imageNames.length > 0 ? request.imageNames : ['IMAGE'];
    try {
      const program = parseProgram(request.program);
      validateProgram(program, inputs);
      return { steps: parsedSteps(program), issues: [] };
    } catch (error) {
      if (!isProgramError(error)) throw error;
      const issues = programIssues(error).map((i) => ({ code: i.code, message: i.message, position: { line: i.line, column: i.column } }));
      return { steps: [], issues };
    }
  });
}
