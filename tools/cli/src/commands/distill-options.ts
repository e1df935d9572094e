import { InvalidArgumentError } from 'commander';
import { TASKS, TASK_NAMES } from '@vprog/world';

/**
 * Parsing of the study's command-line values (`--tasks`, `--guards`, `--seed`). Each parser
 * throws commander's `InvalidArgumentError`, so a bad value ends the command with one clear line
 * before any service is started.
 */

/** The target tasks of the default study, in the order they are distilled. */
export const DEFAULT_TARGETS: readonly string[] = TASKS.filter((t) => t.kind === 'target').map((t) => t.name);

/** The guard tasks of the default study: every guard task of the benchmark. */
export const DEFAULT_GUARDS: readonly string[] = TASKS.filter((t) => t.kind === 'guard').map((t) => t.name);

/**
 * Parses a comma-separated task list (blanks ignored).
 * @throws InvalidArgumentError for an empty list, an unknown task (listing the known ones) or a
 *   task named twice.
 */
export function parseTaskList(value: string): string[] {
  const tasks = value.split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (tasks.length === 0) throw new InvalidArgumentError('expected at least one task');
  for (const task of tasks) {
    if (!TASK_NAMES.includes(task)) throw new InvalidArgumentError(`unknown task "${task}"; known tasks: ${TASK_NAMES.join(', ')}`);
  }
  const twice = tasks.find((t, i) => tasks.indexOf(t) !== i);
  if (twice !== undefined) throw new InvalidArgumentError(`task "${twice}" is listed twice`);
  return tasks;
}

/**
 * Parses a data seed: a non-negative integer that fits a double exactly.
 * @throws InvalidArgumentError for anything else.
 */
export function parseSeed(value: string): number {
  const seed = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(seed) || seed < 0) throw new InvalidArgumentError(`expected a seed (an integer ≥ 0), got "${value}"`);
  return seed;
}

/**
 * Parses a positive integer (counts, concurrency).
 * @throws InvalidArgumentError for anything else.
 */
export function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

/** The tasks of a study after the targets and guards are reconciled. */
export interface StudyTasks {
  readonly targets: readonly string[];
  readonly guards: readonly string[];
}

/**
 * Reconciles targets and guards: a task cannot be both, so targets named among the guards
 * (e.g. the default guard list while `--tasks` names a guard task) are dropped from the guards.
 * @throws InvalidArgumentError when no guard task is left and guards were named explicitly.
 */
export function studyTasks(targets: readonly string[], guards: readonly string[] | undefined): StudyTasks {
  const kept = (guards ?? DEFAULT_GUARDS).filter((g) => !targets.includes(g));
  if (guards !== undefined && kept.length === 0 && guards.length > 0) {
    throw new InvalidArgumentError(`every guard task is also a target (${guards.join(', ')}); name guard tasks that are not targets`);
  }
  return { targets: [...targets], guards: kept };
}
