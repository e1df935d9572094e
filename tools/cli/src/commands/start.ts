import type { Command } from 'commander';
import { getTask } from '@vprog/world';
import { DEFAULT_GUARDS, DEFAULT_TARGETS, parsePositive, parseSeed, parseTaskList } from './distill-options';
import { runDistillStudy, studySummary, type DistillStudyOutcome } from './distill';
import type { ProgressStream } from './progress';

/**
 * `vprog start` (what `npm start` runs): the main job on the embedded default. It starts every
 * service on loopback (module services, teacher sidecars, program runner, distillation
 * coordinator — separate processes on a registry seeded from the committed zoo), runs the SDVP
 * study at the `default` size (targets gqa-shapes, nlvr-shapes, face-tag; every guard task),
 * prints the results table and the report path, stops the stack and exits 0.
 */

/** Options of {@link runMainJob}. */
export interface MainJobOptions {
  readonly stateDir: string;
  /** Target and guard tasks; each goes where its kind says. Default: every task. */
  readonly tasks?: readonly string[];
  /** Test questions per cell instead of the default size's. */
  readonly count?: number;
  readonly seed: number;
  readonly concurrency?: number;
  readonly progressStream: ProgressStream;
  readonly out: (text: string) => void;
}

/**
 * Splits a task list by kind: target tasks are distilled (in the order given), guard tasks guard.
 * Without any guard task in the list, every guard task guards.
 */
export function mainJobTasks(tasks: readonly string[] | undefined): { targets: string[]; guards: string[] } {
  if (tasks === undefined) return { targets: [...DEFAULT_TARGETS], guards: [...DEFAULT_GUARDS] };
  const targets = tasks.filter((t) => getTask(t).kind === 'target');
  const guards = tasks.filter((t) => getTask(t).kind === 'guard');
  return { targets: targets.length > 0 ? targets : [...DEFAULT_TARGETS], guards: guards.length > 0 ? guards : [...DEFAULT_GUARDS] };
}

/**
 * Runs the main job, prints the table and the report paths, and returns the outcome.
 * @throws Error when the stack cannot start or a distillation run fails (the stack is stopped first).
 */
export async function runMainJob(options: MainJobOptions): Promise<DistillStudyOutcome> {
  const { targets, guards } = mainJobTasks(options.tasks);
  const overrides = { ...(options.count !== undefined ? { testItems: options.count } : {}), ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}) };
  const outcome = await runDistillStudy({ stateDir: options.stateDir, targets, guards, seed: options.seed, size: 'default', overrides, progressStream: options.progressStream });
  options.out(studySummary(outcome));
  return outcome;
}

/** Registers `vprog start`. */
export function registerStartCommands(program: Command): void {
  program
    .command('start')
    .description('the main job: start every service, run the baselines and SDVP on the Shapes benchmark, print the table and the report path')
    .option('--count <n>', 'test questions per cell (default: the default size\'s)', parsePositive)
    .option('--seed <n>', 'data seed of every split', parseSeed, 1)
    .option('--tasks <list>', 'comma-separated tasks: target tasks are distilled, guard tasks guard (default: every task)', parseTaskList)
    .option('--concurrency <n>', 'programs in flight at once while measuring', parsePositive)
    .option('--state-dir <dir>', 'studies and reports go under this folder', '.vprog')
    .action(async (flags: { count?: number; seed: number; tasks?: string[]; concurrency?: number; stateDir: string }) => {
      await runMainJob({
        stateDir: flags.stateDir,
        seed: flags.seed,
        ...(flags.tasks !== undefined ? { tasks: flags.tasks } : {}),
        ...(flags.count !== undefined ? { count: flags.count } : {}),
        ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
        progressStream: process.stderr,
        out: (t) => process.stdout.write(t),
      });
    });
}
