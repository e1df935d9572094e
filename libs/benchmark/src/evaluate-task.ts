import { runner } from '@vprog/proto-ts';
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
  type TaskMetric,
} from '@vprog/world';
import { forEachConcurrently } from './for-each-concurrently';
import { moduleToProto, type ModuleName } from './modules';

/**
 * End-to-end evaluation of a task through a running program runner: each item's gold program runs
 * on the module services and is scored with the task's metric. Routes pick, per module, the
 * teacher sidecar or a given student version (a candidate under evaluation); modules without a
 * route use their active student version. The main job's baselines, the distillation gate and the
 * coordinator's data collection all go through here.
 */

/** Where one module's calls go during an evaluation. */
export interface ModuleRoute {
  readonly module: ModuleName;
  /** Call the teacher sidecar instead of the student. */
  readonly teacher?: boolean;
  /** The student version to call (sent as `x-vprog-model-version`); default: the active one. */
  readonly version?: string;
}

/** Options of {@link evaluateTask}. */
export interface TaskEvalOptions {
  readonly runnerAddress: string;
  readonly task: string;
  readonly split: 'train' | 'dev' | 'test';
  readonly seed: number;
  readonly count: number;
  /** Items in flight at once; default 4. */
  readonly concurrency?: number;
  readonly routes?: readonly ModuleRoute[];
  /** Do not record the runs in the trace store; default false (collection needs them recorded). */
  readonly skipTrace?: boolean;
  /** Deadline of each program run; default 60 s. */
  readonly deadlineMs?: number;
  /** Stops starting items and cancels those in flight; the call then rejects with the abort reason. */
  readonly signal?: AbortSignal;
  readonly onItem?: (done: number, total: number) => void;
}

/** How one item went. */
export interface ItemOutcome {
  readonly index: number;
  /** The program's RESULT; absent when the run failed. */
  readonly answer?: string;
  /** The runner's run id (its steps are in the trace store unless `skipTrace`). */
  readonly runId?: string;
  /** The item's score: 1/0 for accuracy metrics, the item's tag F1 for tag metrics. */
  readonly score: number;
  /** The run failed with a typed error (e.g. a teacher asked outside its label space); scored as wrong. */
  readonly failed: boolean;
}

/** One task measured under one routing. */
export interface TaskScore {
  readonly task: string;
  readonly kind: 'target' | 'guard';
  readonly metric: TaskMetric;
  /** NaN when no item could be scored. */
  readonly value: number;
  readonly n: number;
  readonly failed: number;
  /** The metric per question family (NaN for a family with no scorable item). */
  readonly perFamily: Readonly<Record<string, number>>;
  /** One outcome per item, in item order (`items[i].index === i`), whatever order they ran in. */
  readonly items: readonly ItemOutcome[];
}

/** A RESULT as the runner returns it (text, or compact JSON of boxes/tags) → a world prediction. */
export function predictionFromAnswer(answer: string): Prediction {
  if (!answer.startsWith('{') && !answer.startsWith('[')) return answer;
  try {
    return predictionFromValue(JSON.parse(answer) as Value);
  } catch {
    return answer;
  }
}

/** The runner request of one item: its images, its gold program and the routing. */
export function itemRequest(item: TaskItem, routes: readonly ModuleRoute[], options: { skipTrace?: boolean; rationaleHtml?: boolean } = {}): runner.ExecuteRequest {
  const images = Object.fromEntries(item.images.map((image) => [image.name, { source: { $case: 'encoded' as const, value: encodePng(renderTaskImage(image)) } }]));
  const moduleOverrides = routes.map((r) => ({ module: moduleToProto(r.module), useTeacher: r.teacher === true, modelVersion: r.teacher === true ? '' : (r.version ?? '') }));
  return {
    images,
    source: { $case: 'program', value: item.program },
    task: item.task,
    options: { moduleOverrides, maxParallelSteps: 0, includeRationaleHtml: options.rationaleHtml === true, skipTrace: options.skipTrace === true },
  };
}

type RunnerClient = ReturnType<typeof createRunnerClient>;
const createRunnerClient = (address: string) => createClient(runner.RunnerServiceClient, address);

async function runItem(client: RunnerClient, request: runner.ExecuteRequest, deadlineMs: number, signal?: AbortSignal): Promise<{ answer?: string; runId?: string }> {
  let runId: string | undefined;
  try {
    let answer: string | undefined;
    for await (const event of client.execute(request, { deadlineMs, ...(signal !== undefined ? { signal } : {}) })) {
      runId = event.runId;
      if (event.event?.$case === 'result') answer = event.event.value.answer;
    }
    return { ...(answer !== undefined ? { answer } : {}), ...(runId !== undefined ? { runId } : {}) };
  } catch (error) {
    if (signal?.aborted === true) throw signal.reason;
    if (isVprogError(error) && error.code !== 'UNAVAILABLE') return runId !== undefined ? { runId } : {};
    throw error;
  }
}

function itemValue(metric: TaskMetric, score: ItemScore): number {
  if (metric !== 'tag-f1') return score.correct ? 1 : 0;
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = score;
  return tp + fp + fn === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn);
}

/**
 * Scores one task under one routing.
 * @throws the runner's typed error when it is unreachable (UNAVAILABLE); the signal's reason when
 *   aborted; WorldError UNKNOWN_TASK. Other failures of an item count as a wrong answer.
 */
export async function evaluateTask(options: TaskEvalOptions): Promise<TaskScore> {
  const task = getTask(options.task);
  const items = generateTaskItems(options.task, { split: options.split, seed: options.seed, count: options.count });
  const client = createRunnerClient(options.runnerAddress);
  const routes = options.routes ?? [];
  const scores: ItemScore[] = new Array<ItemScore>(items.length);
  const outcomes: ItemOutcome[] = new Array<ItemOutcome>(items.length);
  let done = 0;
  const evaluateItem = async (item: TaskItem, index: number): Promise<void> => {
    const run = await runItem(client, itemRequest(item, routes, { skipTrace: options.skipTrace === true }), options.deadlineMs ?? 60_000, options.signal);
    scores[index] = scoreItem(task.metric, item.answer, run.answer === undefined ? null : predictionFromAnswer(run.answer));
    outcomes[index] = { index, ...run, score: itemValue(task.metric, scores[index]), failed: run.answer === undefined };
    options.onItem?.(++done, items.length);
  };
  try {
    await forEachConcurrently(items, options.concurrency ?? 4, evaluateItem, options.signal);
  } finally {
    client.$close();
  }
  return {
    task: task.name,
    kind: task.kind,
    metric: task.metric,
    value: aggregateScores(task.metric, scores),
    n: items.length,
    failed: outcomes.filter((o) => o.failed).length,
    perFamily: perFamily(task.metric, items, scores),
    items: outcomes,
  };
}

function perFamily(metric: TaskMetric, items: readonly TaskItem[], scores: readonly ItemScore[]): Record<string, number> {
  const byFamily = new Map<string, ItemScore[]>();
  items.forEach((item, i) => byFamily.set(item.family, [...(byFamily.get(item.family) ?? []), scores[i]]));
  return Object.fromEntries([...byFamily.keys()].sort().map((family) => [family, aggregateScores(metric, byFamily.get(family) ?? [])]));
}
