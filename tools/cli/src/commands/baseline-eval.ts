import type { common } from '@vprog/proto-ts';
import { ALL_MODULES as MODULE_NAMES, evaluateTask, moduleFromProto, moduleToProto, type ModuleName } from '@vprog/benchmark';

/**
 * The CLI's view of an end-to-end evaluation: one baseline (the students as they are, or the
 * modules replaced by their teacher sidecars) on one task, scored through a running program runner
 * by `@vprog/benchmark`.
 */

/** Which model serves every module the programs call. */
export type Baseline = 'students' | 'teachers';

/** One cell of the results table. */
export interface BaselineCell {
  readonly task: string;
  readonly kind: 'target' | 'guard';
  readonly baseline: Baseline;
  readonly metric: string;
  /** NaN when no item could be scored. */
  readonly value: number;
  readonly n: number;
  /** Items whose run failed (a typed error, e.g. a teacher asked outside its label space); scored as wrong. */
  readonly failed: number;
  /** The metric per question family of the items (NaN for a family with no scorable item). */
  readonly perFamily: Readonly<Record<string, number>>;
}

/** Every module a program can call, in proto order. */
export const ALL_MODULES: readonly common.Module[] = MODULE_NAMES.map(moduleToProto);

/** Options of {@link evaluateBaseline}. */
export interface BaselineEvalOptions {
  readonly runnerAddress: string;
  readonly task: string;
  readonly baseline: Baseline;
  /** Modules routed to their teacher sidecars; default: all of them for `teachers`, none for `students`. */
  readonly teachers?: readonly common.Module[];
  readonly split: 'train' | 'dev' | 'test';
  readonly seed: number;
  readonly count: number;
  /** Items in flight at once. */
  readonly concurrency: number;
  readonly onItem?: (done: number, total: number) => void;
}

/**
 * Scores one task under one baseline.
 * @throws the runner's typed error when it is unreachable (UNAVAILABLE); other failures of an item
 *   count as a wrong answer and are reported in `failed`.
 */
export async function evaluateBaseline(options: BaselineEvalOptions): Promise<BaselineCell> {
  const teachers = options.teachers ?? (options.baseline === 'teachers' ? ALL_MODULES : []);
  const routed = teachers.map(moduleFromProto).filter((m): m is ModuleName => m !== undefined);
  const score = await evaluateTask({
    runnerAddress: options.runnerAddress,
    task: options.task,
    split: options.split,
    seed: options.seed,
    count: options.count,
    concurrency: options.concurrency,
    routes: routed.map((module) => ({ module, teacher: true })),
    ...(options.onItem !== undefined ? { onItem: options.onItem } : {}),
  });
  return { task: score.task, kind: score.kind, baseline: options.baseline, metric: score.metric, value: score.value, n: score.n, failed: score.failed, perFamily: score.perFamily };
}
