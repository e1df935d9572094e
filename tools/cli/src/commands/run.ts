import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { createClient, decodeStatus, isVprogError } from '@vprog/grpc-kit';
import { common, rpc, runner } from '@vprog/proto-ts';
import { withRunner } from './embedded-runner';

/** Where `vprog up` serves the runner by default (give it as `--runner` to use that stack). */
export const DEFAULT_RUNNER_ADDRESS = '127.0.0.1:50060';

/** The flags of `vprog run`. */
export interface RunFlags {
  readonly image: readonly string[];
  readonly program?: string;
  readonly question?: string;
  readonly generator?: string;
  readonly example?: string;
  readonly task?: string;
  readonly runner?: string;
  readonly html?: string;
  readonly json?: boolean;
  readonly teacher?: readonly string[];
  readonly deadlineMs?: number;
  /** State of an embedded stack (started when no runner address is given); default `.vprog`. */
  readonly stateDir?: string;
}

/** One finished step as `vprog run --json` prints it. */
interface StepLine {
  readonly index: number;
  readonly op: string;
  readonly output: string;
  readonly summary: string;
  readonly model?: string;
  readonly latencyMs: number;
  readonly error?: { readonly code: string; readonly reason?: string; readonly message: string };
}

const MODULES: Readonly<Record<string, common.Module>> = {
  loc: common.Module.MODULE_LOC,
  facedet: common.Module.MODULE_FACEDET,
  classify: common.Module.MODULE_CLASSIFY,
  vqa: common.Module.MODULE_VQA,
};

/**
 * Reads `--image` values into the request's images: `NAME=FILE`, or bare files named `IMAGE`
 * (one) or `LEFT` and `RIGHT` (two), in order.
 * @throws InvalidArgumentError for no image, more than two bare files, or an unreadable file.
 */
export function readImages(values: readonly string[]): Record<string, common.Image> {
  if (values.length === 0) throw new InvalidArgumentError('give at least one --image FILE (or NAME=FILE)');
  const bare = values.filter((v) => !/^[A-Za-z_]\w*=/.test(v));
  if (bare.length > 2) throw new InvalidArgumentError('give one --image (IMAGE) or two (LEFT, RIGHT), or name them as NAME=FILE');
  const names = bare.length === 1 ? ['IMAGE'] : ['LEFT', 'RIGHT'];
  const images: Record<string, common.Image> = {};
  let next = 0;
  for (const value of values) {
    const named = /^([A-Za-z_]\w*)=(.+)$/.exec(value);
    const [name, file] = named === null ? [names[next++], value] : [named[1], named[2]];
    try {
      images[name] = { source: { $case: 'encoded', value: readFileSync(resolve(file)) } };
    } catch (error) {
      throw new InvalidArgumentError(`cannot read image ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return images;
}

/**
 * The Execute request of `vprog run`.
 * @throws InvalidArgumentError unless exactly one of `--program` and `--question`/`--example` is given, for an
 *   unreadable program file, or an unknown module in `--teacher`.
 */
export function buildRequest(flags: RunFlags): runner.ExecuteRequest {
  const asked = flags.question !== undefined || flags.example !== undefined;
  if ((flags.program !== undefined) === asked) throw new InvalidArgumentError('give either --program FILE or --question TEXT (or --example ID)');
  let source: runner.ExecuteRequest['source'];
  if (flags.program !== undefined) {
    try {
      source = { $case: 'program', value: readFileSync(resolve(flags.program), 'utf8') };
    } catch (error) {
      throw new InvalidArgumentError(`cannot read program ${flags.program}: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else {
    source = { $case: 'question', value: { question: flags.question ?? '', generator: flags.generator ?? (flags.example === undefined ? '' : 'gold'), exampleId: flags.example ?? '' } };
  }
  const moduleOverrides = (flags.teacher ?? []).map((name) => {
    const module = MODULES[name.trim().toLowerCase()];
    if (module === undefined) throw new InvalidArgumentError(`unknown module "${name}" in --teacher; expected ${Object.keys(MODULES).join(', ')}`);
    return { module, useTeacher: true, modelVersion: '' };
  });
  return {
    images: readImages(flags.image),
    source,
    task: flags.task ?? '',
    options: { moduleOverrides, maxParallelSteps: 0, includeRationaleHtml: flags.html !== undefined, skipTrace: false },
  };
}

function stepLine(step: runner.StepFinished): StepLine {
  const error = step.error === undefined ? undefined : decodeStatus(rpc.Status.encode(step.error).finish());
  return {
    index: step.stepIndex,
    op: step.op,
    output: step.outputVar,
    summary: step.outputSummary,
    ...(step.model === undefined ? {} : { model: `${step.model.name}@${step.model.version}` }),
    latencyMs: step.latencyMs,
    ...(error === undefined ? {} : { error: { code: error.code, ...(error.reason === undefined ? {} : { reason: error.reason }), message: error.message } }),
  };
}

function describeStep(step: StepLine): string {
  const model = step.model === undefined ? '' : `  [${step.model}]`;
  const outcome = step.error === undefined ? step.summary : `FAILED ${step.error.reason ?? step.error.code}: ${step.error.message}`;
  return `#${step.index} ${step.output}=${step.op}  → ${outcome}${model}  ${step.latencyMs.toFixed(1)} ms\n`;
}

/**
 * Runs a program (or a question) on a runner and prints each step as it finishes, then the answer;
 * `--json` prints one JSON object at the end instead; `--html` writes the rationale page. With no
 * `--runner` and no `VPROG_RUNNER_ADDR` it starts an embedded stack for the run and stops it after.
 * @throws InvalidArgumentError for bad flags (before any stack starts); Error whose message names
 *   the runner's typed error (code, reason, field violations), or why the embedded stack did not start.
 */
export async function runOnRunner(
  flags: RunFlags,
  out: (text: string) => void = (t) => process.stdout.write(t),
  err: (text: string) => void = (t) => process.stderr.write(t),
): Promise<void> {
  const request = buildRequest(flags);
  await withRunner({ runner: flags.runner, stateDir: flags.stateDir ?? '.vprog', err }, (address) => runAt(address, request, flags, out));
}

async function runAt(address: string, request: runner.ExecuteRequest, flags: RunFlags, out: (text: string) => void): Promise<void> {
  const client = createClient(runner.RunnerServiceClient, address);
  const steps: StepLine[] = [];
  let runId = '';
  try {
    for await (const event of client.execute(request, { deadlineMs: flags.deadlineMs ?? 120_000 })) {
      runId = event.runId;
      const e = event.event;
      if (e?.$case === 'stepFinished') {
        const line = stepLine(e.value);
        steps.push(line);
        if (!flags.json) out(describeStep(line));
      } else if (e?.$case === 'result') {
        if (flags.html !== undefined) {
          mkdirSync(dirname(resolve(flags.html)), { recursive: true });
          writeFileSync(resolve(flags.html), e.value.rationaleHtml);
        }
        const result = { runId, answer: e.value.answer, program: e.value.program, latencyMs: e.value.latencyMs, steps, ...(flags.html === undefined ? {} : { html: resolve(flags.html) }) };
        out(flags.json ? `${JSON.stringify(result)}\n` : `answer: ${result.answer}\nrun ${runId} · ${steps.length} steps · ${result.latencyMs.toFixed(1)} ms${result.html === undefined ? '' : ` · rationale ${basename(result.html)}`}\n`);
      }
    }
  } catch (error) {
    if (flags.json) out(`${JSON.stringify({ runId, steps, error: isVprogError(error) ? error.toJSON() : { message: String(error) } })}\n`);
    throw new Error(failureText(error, address));
  } finally {
    client.$close();
  }
}

function failureText(error: unknown, address: string): string {
  if (!isVprogError(error)) return error instanceof Error ? error.message : String(error);
  const hint = error.code === 'UNAVAILABLE' && error.reason === 'UNAVAILABLE' ? ` (is a runner serving at ${address}?)` : '';
  const violations = error.fieldViolations.map((v) => `\n  ${v.field}: ${v.description}`).join('');
  return `[${error.code}/${error.reason}] ${error.message}${hint}${violations}`;
}

const collectValues = (value: string, previous: readonly string[] = []): string[] => [...previous, ...value.split(',').filter((v) => v !== '')];

const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
};

/** Registers `vprog run`. Bad flags fail at parse time; a failed run exits 1 with the runner's typed error. */
export function registerRunCommands(program: Command): void {
  program
    .command('run')
    .description('Run a program, or a question, on a program runner and print its steps and answer')
    .option('--image <file>', 'an input image (PNG); one is IMAGE, two are LEFT and RIGHT, or NAME=FILE', collectValues, [])
    .option('--program <file>', 'a program file in the vprog DSL')
    .option('--question <text>', 'a question for a program generator')
    .option('--generator <name>', 'gold, template, llm or auto (default: the runner\'s)')
    .option('--example <id>', 'a task example id for the gold generator (e.g. gqa-shapes-dev-0-3)')
    .option('--task <task>', 'the task the question belongs to (guides generators, labels the trace)')
    .option('--teacher <modules>', 'route these modules to their teacher sidecars, e.g. loc,vqa', collectValues, [])
    .option('--runner <address>', `the runner's host:port, e.g. ${DEFAULT_RUNNER_ADDRESS} (default: VPROG_RUNNER_ADDR, else an embedded stack)`)
    .option('--state-dir <dir>', 'state of an embedded stack', '.vprog')
    .option('--html <file>', 'write the visual rationale page here')
    .option('--deadline-ms <ms>', 'deadline of the whole run', positive)
    .option('--json', 'print one JSON object: run id, answer, program, steps')
    .action((flags: RunFlags) => runOnRunner(flags));
}
