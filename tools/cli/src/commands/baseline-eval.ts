import { common, runner } from '@vprog/proto-ts';
import { createClient, isVprogError } from '@vprog/grpc-kit';
import type { Value } from '@vprog/program';
import {
  aggregateScores,
  encodePng,
  generateTaskItems,
  getTask,
  predictionFromValue,
  renderTaskImage,
  scoreItem,
  type ItemScore,
  type Prediction,
  type TaskItem,
} from '@vprog/world';

/**
 * End-to-end evaluation of task items through a running program runner: every item's gold program
 * runs on the module services (students, or the modules replaced by their teacher sidecars) and is
 * scored with the task's metric. This is how the main job measures the baselines.
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
export const ALL_MODULES: readonly common.Module[] = [common.Module.MODULE_LOC, common.Module.MODULE_FACEDET, common.Module.MODULE_CLASSIFY, common.Module.MODULE_VQA];

/** A RESULT as the runner returns it (text, or compact JSON of boxes/tags) → a world prediction. */
export function predictionFromAnswer(answer: string): Prediction {
  if (!answer.startsWith('{') && !answer.startsWith('[')) return answer;
  try {
    return predictionFromValue(JSON.parse(answer) as Value);
  } catch {
    return answer;
  }
}

function request(item: TaskItem, teachers: readonly common.Module[]): runner.ExecuteRequest {
  const images = Object.fromEntries(item.images.map((image) => [image.name, { source: { $case: 'encoded' as const, value: encodePng(renderTaskImage(image)) } }]));
  const moduleOverrides = teachers.map((module) => ({ module, useTeacher: true, modelVersion: '' }));
  return {
    images,
    source: { $case: 'program', value: item.program },
    task: item.task,
    options: { moduleOverrides, maxParallelSteps: 0, includeRationaleHtml: false, skipTrace: false },
  };
}

/** Runs one item; resolves with its answer, or undefined when the run failed with a typed error. */
async function runItem(client: ReturnType<typeof createRunnerClient>, item: TaskItem, teachers: readonly common.Module[]): Promise<string | undefined> {
  try {
    let answer: string | undefined;
    for await (const event of client.execute(request(item, teachers), { deadlineMs: 60_000 })) {
      if (event.event?.$case === 'result') answer = event.event.value.answer;
    }
    return answer;
  } catch (error) {
    if (isVprogError(error) && error.code !== 'UNAVAILABLE') return undefined;
    throw error;
  }
}

const createRunnerClient = (address: string) => createClient(runner.RunnerServiceClient, address);

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
  const task = getTask(options.task);
  const items = generateTaskItems(options.task, { split: options.split, seed: options.seed, count: options.count });
  const client = createRunnerClient(options.runnerAddress);
  const teachers = options.teachers ?? (options.baseline === 'teachers' ? ALL_MODULES : []);
  const scores: ItemScore[] = new Array<ItemScore>(items.length);
  let failed = 0;
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const item = items[index];
      const answer = await runItem(client, item, teachers);
      if (answer === undefined) failed++;
      scores[index] = scoreItem(task.metric, item.answer, answer === undefined ? null : predictionFromAnswer(answer));
      options.onItem?.(++done, items.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  } finally {
    client.$close();
  }
  return { task: task.name, kind: task.kind, baseline: options.baseline, metric: task.metric, value: aggregateScores(task.metric, scores), n: items.length, failed, perFamily: perFamily(task.metric, items, scores) };
}

function perFamily(metric: Parameters<typeof aggregateScores>[0], items: readonly TaskItem[], scores: readonly ItemScore[]): Record<string, number> {
  const byFamily = new Map<string, ItemScore[]>();
  items.forEach((item, i) => byFamily.set(item.family, [...(byFamily.get(item.family) ?? []), scores[i]]));
  return Object.fromEntries([...byFamily.keys()].sort().map((family) => [family, aggregateScores(metric, byFamily.get(family) ?? [])]));
}
