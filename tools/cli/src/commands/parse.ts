import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { inferInputs, isProgramError, parseProgram, programIssues, validateProgram, type ProgramIssue } from '@vprog/program';

/**
 * `vprog parse FILE`: parses and validates a program locally, with no service running, and reports
 * its problems with the same codes the runner's `Parse` gives. It exists so that a program can be
 * checked (by a person, an editor or a script) before anything runs.
 */

/** What `vprog parse --json` prints. */
export type ParseReport = { readonly ok: true; readonly steps: number; readonly inputs: readonly string[] } | { readonly ok: false; readonly errors: readonly ProgramIssue[] };

/**
 * Parses and validates program text against `inputs`, or the inputs inferred from the program.
 * @throws only faults that are not program errors (none are expected).
 */
export function checkProgram(text: string, inputs?: readonly string[]): ParseReport {
  try {
    const program = parseProgram(text);
    const names = inputs ?? inferInputs(program);
    validateProgram(program, names);
    return { ok: true, steps: program.steps.length, inputs: names };
  } catch (error) {
    if (!isProgramError(error)) throw error;
    return { ok: false, errors: programIssues(error) };
  }
}

/** The report as text for a person: one `FILE:LINE:COLUMN CODE message` line per problem. */
export function formatReport(file: string, report: ParseReport): string {
  if (report.ok) return `${file}: ok, ${report.steps} steps (inputs ${report.inputs.join(', ')})\n`;
  return report.errors.map((e) => `${file}:${e.line}:${e.column} ${e.code} ${e.message}\n`).join('');
}

/**
 * Runs `vprog parse` and returns its exit code (0 valid, 1 invalid).
 * @throws InvalidArgumentError when the file cannot be read.
 */
export function parseFile(file: string, flags: { json?: boolean; inputs?: readonly string[] }, out: (text: string) => void): number {
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (error) {
    throw new InvalidArgumentError(`cannot read program ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const report = checkProgram(text, flags.inputs);
  out(flags.json ? `${JSON.stringify(report.ok ? { ok: true, steps: report.steps } : report)}\n` : formatReport(file, report));
  return report.ok ? 0 : 1;
}

const inputList = (value: string): string[] => value.split(',').map((v) => v.trim()).filter((v) => v !== '');

/** Registers `vprog parse`. An invalid program sets exit code 1 after printing its errors. */
export function registerParseCommands(program: Command, out: (text: string) => void = (t) => process.stdout.write(t)): void {
  program
    .command('parse')
    .description('Parse and validate a program file locally (no services) and print its errors')
    .argument('<file>', 'a program file in the vprog DSL')
    .option('--inputs <names>', 'comma-separated image variables (default: LEFT,RIGHT when the program reads them, else IMAGE)', inputList)
    .option('--json', 'print {"ok": true, "steps": N} or {"ok": false, "errors": [...]}')
    .action((file: string, flags: { json?: boolean; inputs?: string[] }) => {
      const code = parseFile(file, flags, out);
      if (code !== 0) process.exitCode = code;
    });
}
