import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ALL_MODULES, type ModuleName } from '@vprog/benchmark';
import { DEFAULT_TARGETS, parseSeed, parseTaskList, studyTasks } from './distill-options';
import { SIZE_PRESETS, parsePasses, parseStudySize, type StudySize } from './distill-sizes';
import { createCoordinatorClient } from './distill-watch';
import { createProgress, type ProgressStream } from './progress';
import { writeStudyReport, type ReportPaths } from './report-files';
import { markdownTable } from './report-markdown';
import { changedItems, collectRationales } from './report-rationales';
import { runStudy, type StudyOverrides } from './study';
import { gainsNote, passesNote, studyJson, type StudyResult } from './study-result';
import { startStack, type RunningStackService } from './up';

/**
 * `vprog distill`: a whole SDVP study on an embedded stack — every service on loopback, the
 * students, the teachers, naive distillation and SDVP measured on the test splits — written as a
 * Markdown and an HTML report under `<state-dir>/reports/`. Each study runs its services on a state
 * folder of its own (`<state-dir>/studies/<stamp>/`: a registry freshly seeded from the zoo, its
 * own trace store and run database), so every study starts from the same students and a rerun
 * reproduces the table.
 */

/** Options of {@link runDistillStudy}. */
export interface DistillStudyOptions {
  readonly stateDir: string;
  readonly targets: readonly string[];
  readonly guards: readonly string[];
  readonly seed: number;
  readonly size: StudySize;
  readonly overrides?: StudyOverrides;
  /** Progress bars and log lines (stderr). */
  readonly progressStream: ProgressStream;
  /** Forward the services' own log lines to the progress stream. */
  readonly verbose?: boolean;
  readonly readyTimeoutMs?: number;
}

/** A finished study and its report files. */
export interface DistillStudyOutcome {
  readonly result: StudyResult;
  readonly report: ReportPaths;
}

function studentAddresses(services: readonly RunningStackService[]): Record<ModuleName, string> {
  const entries = ALL_MODULES.map((module) => {
    const service = services.find((s) => s.role === 'student' && s.name === module);
    if (service === undefined) throw new Error(`the embedded stack has no ${module} student`);
    return [module, service.address] as const;
  });
  return Object.fromEntries(entries) as Record<ModuleName, string>;
}

/**
 * Starts the stack, runs the study, writes the reports and stops the stack (also on failure).
 * @throws Error when the stack cannot start or lacks the runner or coordinator, and whatever the
 *   study throws (a failed run, an unreachable service).
 */
export async function runDistillStudy(options: DistillStudyOptions): Promise<DistillStudyOutcome> {
  const stateDir = resolve(options.stateDir);
  const studyDir = join(stateDir, 'studies', new Date().toISOString().replace(/[:.]/g, '-'));
  const progress = createProgress({ stream: options.progressStream });
  const seedFrom = process.env.VPROG_MODELS_DIR;
  progress.note(`vprog distill: starting every service on loopback (state in ${studyDir})…`);
  const stack = await startStack({
    host: '127.0.0.1',
    ephemeral: true,
    stateDir: studyDir,
    runner: true,
    coordinator: true,
    readyTimeoutMs: options.readyTimeoutMs ?? 240_000,
    ...(seedFrom === undefined || seedFrom === '' ? {} : { seedFrom }),
    ...(options.verbose === true ? { log: (line: string) => progress.note(line) } : {}),
    stopOnSignal: { note: (line) => progress.note(`vprog distill: ${line} (the run's state stays in ${studyDir})`) },
  });
  const coordinatorAddress = stack.services.find((s) => s.role === 'coordinator')?.address;
  const runnerAddress = stack.services.find((s) => s.role === 'runner')?.address;
  const coordinator = coordinatorAddress === undefined ? undefined : createCoordinatorClient(coordinatorAddress);
  try {
    if (runnerAddress === undefined || coordinator === undefined) throw new Error('the embedded stack has no program runner or no distillation coordinator (services/program-runner, services/distill-coordinator)');
    const study = await runStudy({
      endpoints: { runner: runnerAddress, coordinator, students: studentAddresses(stack.services) },
      targets: options.targets,
      guards: options.guards,
      seed: options.seed,
      size: options.size,
      ...(options.overrides !== undefined ? { overrides: options.overrides } : {}),
      progress,
    });
    const picked = changedItems([...options.targets, ...options.guards], study.items.students, study.items.final, SIZE_PRESETS[options.size].rationaleItems);
    const examples = await collectRationales({ runnerAddress, seed: options.seed, items: picked, originalVersions: study.originalVersions });
    const report = writeStudyReport(join(stateDir, 'reports'), study.result, examples);
    return { result: study.result, report };
  } finally {
    progress.finish();
    coordinator?.$close();
    const clean = await stack.stop();
    if (!clean) progress.note('vprog distill: some services did not stop cleanly');
  }
}

/** Where the command writes: stdout (the table or the JSON) and stderr (progress). */
export interface DistillIo {
  readonly out: (text: string) => void;
  readonly progressStream: ProgressStream;
}

const defaultIo: DistillIo = { out: (t) => process.stdout.write(t), progressStream: process.stderr };

/** The table and the report paths as `vprog distill` and `vprog start` print them. */
export function studySummary(outcome: DistillStudyOutcome): string {
  const { result, report } = outcome;
  const gains = gainsNote(result);
  return `${markdownTable(result)}\n\n* target task · test split, seed ${result.seed}, size ${result.size}${passesNote(result)}\n${gains === '' ? '' : `${gains}\n`}report: ${report.markdown}\nhtml:   ${report.html}\n`;
}

/**
 * Registers `vprog distill`. With `--json` stdout gets exactly one JSON object (see `studyJson`);
 * progress and logs go to stderr.
 */
export function registerDistillCommands(program: Command, io: DistillIo = defaultIo): void {
  program
    .command('distill')
    .description('run a stepwise-distillation study on an embedded stack: students, teachers, naive distillation and SDVP on the test splits')
    .option('--tasks <list>', 'comma-separated target tasks, distilled in this order', parseTaskList, [...DEFAULT_TARGETS])
    .option('--guards <list>', 'comma-separated guard tasks (default: every guard task)', parseTaskList)
    .option('--seed <n>', 'data seed of every split', parseSeed, 1)
    .option('--size <size>', 'tiny (tests), default (about 15 minutes on 2 cores) or full', parseStudySize, 'default' as StudySize)
    .option('--passes <n>', "sweeps over each target's modules, each on fresh data (default: the size's, 1)", parsePasses)
    .option('--state-dir <dir>', 'studies and reports go under this folder', '.vprog')
    .option('--json', 'print the results as one JSON object')
    .option('--verbose', "forward the services' log lines to stderr")
    .action(async (flags: { tasks: string[]; guards?: string[]; seed: number; size: StudySize; passes?: number; stateDir: string; json?: boolean; verbose?: boolean }) => {
      const { targets, guards } = studyTasks(flags.tasks, flags.guards);
      const overrides = flags.passes === undefined ? {} : { overrides: { passes: flags.passes } };
      const outcome = await runDistillStudy({ stateDir: flags.stateDir, targets, guards, seed: flags.seed, size: flags.size, ...overrides, progressStream: io.progressStream, verbose: flags.verbose === true });
      if (flags.json === true) io.out(`${JSON.stringify({ ...studyJson(outcome.result, outcome.report.markdown), html: outcome.report.html })}\n`);
      else io.out(studySummary(outcome));
    });
}
