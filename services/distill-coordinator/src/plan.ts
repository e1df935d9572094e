import { moduleFromProto, moduleToProto, taskModules, type ModuleName } from '@vprog/benchmark';
import { invalidArgument, type FieldViolation } from '@vprog/grpc-kit';
import { model, type distill } from '@vprog/proto-ts';
import { TASKS, TASK_NAMES } from '@vprog/world';

/** A plan with every default filled in: what a run stores and executes. */
export interface ResolvedPlan {
  readonly targets: ReadonlyArray<{ readonly task: string; readonly modules: readonly ModuleName[] }>;
  /** The guard tasks named by the plan (every world guard by default); earlier targets are added per target. */
  readonly guards: readonly string[];
  /** Tasks the gate checks like guards but that give no anchors; later targets are added per target. */
  readonly watch: readonly string[];
  readonly sizes: { readonly train: number; readonly dev: number; readonly anchors: number };
  readonly minTargetGain: number;
  readonly maxGuardLoss: number;
  /** z of the gate's noise floor on the target's gain; 0: off. */
  readonly minTargetSigmas: number;
  readonly anchorWeight: number;
  readonly trainingMode: 'lora' | 'full';
  readonly loraRank: number;
  readonly alphas: readonly number[];
  readonly seeds: readonly number[];
  readonly epochs: number;
  readonly learningRate: number;
  readonly temperature: number;
  readonly minTeacherConfidence: number;
  readonly disableAnchors: boolean;
  readonly disableGate: boolean;
}

/** Every plan default, in one place; a proto zero (or empty list) means "use this". */
export const PLAN_DEFAULTS = {
  sizes: { train: 64, dev: 32, anchors: 64 },
  minTargetGain: 0.02,
  maxGuardLoss: 0.01,
  anchorWeight: 1,
  trainingMode: 'lora',
  loraRank: 4,
  alphas: [1],
  seeds: [1],
  // Measured with bench/distill-modules.ts: a LoRA head at 1e-2 for 30 epochs moves the facedet
  // student's dusk AP50 from 0.77 to 0.86 on ~100 teacher labels; 8 epochs at 3e-3 barely moves it.
  epochs: 30,
  learningRate: 1e-2,
  temperature: 2,
  minTeacherConfidence: 0.5,
} as const;

/** Largest size of any stage, so a typo cannot schedule a million program runs. */
const MAX_EXAMPLES = 100_000;

const orDefault = (value: number, fallback: number): number => (value === 0 ? fallback : value);
const finiteIn = (value: number, lo: number, hi: number): boolean => Number.isFinite(value) && value >= lo && value <= hi;

/**
 * The tasks that give one target's anchors: the plan's guards plus the targets handled before it
 * (their gains must not be undone), without the target itself.
 */
export function anchorTasksOf(plan: ResolvedPlan, targetIndex: number): string[] {
  const earlier = plan.targets.slice(0, targetIndex).map((t) => t.task);
  const own = plan.targets[targetIndex]?.task;
  return [...new Set([...plan.guards, ...earlier])].filter((task) => task !== own);
}

/**
 * The tasks the gate checks for one target: its anchor tasks, plus the watched tasks and the
 * targets handled after it. A later target is not an anchor (its students' outputs are what its
 * own distillation will change), but a candidate for this target must not make it worse either:
 * a VQA version promoted for one target is the version the next target starts from.
 */
export function guardsOf(plan: ResolvedPlan, targetIndex: number): string[] {
  const later = plan.targets.slice(targetIndex + 1).map((t) => t.task);
  const own = plan.targets[targetIndex]?.task;
  return [...new Set([...anchorTasksOf(plan, targetIndex), ...plan.watch, ...later])].filter((task) => task !== own);
}

/**
 * Checks a plan and fills its defaults (see {@link PLAN_DEFAULTS}): modules default to the ones
 * the task's programs call, upstream first; guards to every guard task of the Shapes world. A
 * module may be listed again after another one (a second pass: an upstream module's gain can only
 * show once the modules after it are good), each pass a step of its own.
 * @throws VprogError INVALID_ARGUMENT with one field violation per problem (unknown task or module,
 *   a module the task never calls, one module twice in a row, duplicate targets, numbers out of range).
 */
export function resolvePlan(plan: distill.DistillPlan | undefined): ResolvedPlan {
  const v: FieldViolation[] = [];
  const add = (field: string, description: string) => v.push({ field: `plan.${field}`, description });
  if (plan === undefined) throw invalidArgument('a plan is required', [{ field: 'plan', description: 'is required' }]);
  if (plan.targetTasks.length === 0) add('target_tasks', 'at least one target task is required');
  const targets: Array<{ task: string; modules: ModuleName[] }> = [];
  plan.targetTasks.forEach((t, i) => {
    const task = t.task.trim();
    if (!TASK_NAMES.includes(task)) return add(`target_tasks[${i}].task`, `unknown task ${JSON.stringify(t.task)}; known: ${TASK_NAMES.join(', ')}`);
    if (targets.some((x) => x.task === task)) return add(`target_tasks[${i}].task`, `${task} is listed twice`);
    const called = taskModules(task);
    const modules: ModuleName[] = [];
    t.modules.forEach((m, j) => {
      const name = moduleFromProto(m);
      if (name === undefined) add(`target_tasks[${i}].modules[${j}]`, 'must name a module (loc, facedet, classify, vqa)');
      else if (!called.includes(name)) add(`target_tasks[${i}].modules[${j}]`, `${task}'s programs never call ${name}; they call ${called.join(', ')}`);
      else if (modules.at(-1) === name) add(`target_tasks[${i}].modules[${j}]`, `${name} is listed twice in a row (a module may come back only after another one)`);
      else modules.push(name);
    });
    targets.push({ task, modules: t.modules.length === 0 ? called : modules });
  });
  const guards = plan.guardTasks.length === 0 ? TASKS.filter((t) => t.kind === 'guard').map((t) => t.name) : plan.guardTasks.map((g) => g.trim());
  guards.forEach((g, i) => {
    if (!TASK_NAMES.includes(g)) add(`guard_tasks[${i}]`, `unknown task ${JSON.stringify(g)}`);
    else if (targets.some((t) => t.task === g)) add(`guard_tasks[${i}]`, `${g} is also a target task`);
  });
  const watch = plan.watchTasks.map((w) => w.trim());
  watch.forEach((w, i) => {
    if (!TASK_NAMES.includes(w)) add(`watch_tasks[${i}]`, `unknown task ${JSON.stringify(w)}`);
    else if (targets.some((t) => t.task === w)) add(`watch_tasks[${i}]`, `${w} is also a target task`);
    else if (guards.includes(w)) add(`watch_tasks[${i}]`, `${w} is also a guard task`);
  });
  const sizes = plan.sizes ?? { trainExamples: 0, devExamples: 0, anchorExamples: 0 };
  for (const [field, value] of [['train_examples', sizes.trainExamples], ['dev_examples', sizes.devExamples], ['anchor_examples', sizes.anchorExamples]] as const) {
    if (value > MAX_EXAMPLES) add(`sizes.${field}`, `must be at most ${MAX_EXAMPLES}`);
  }
  if (!finiteIn(plan.minTargetGain, 0, 1)) add('min_target_gain', 'δ must be a fraction in [0, 1]');
  if (!finiteIn(plan.maxGuardLoss, 0, 1)) add('max_guard_loss', 'ε must be a fraction in [0, 1]');
  if (!finiteIn(plan.minTargetSigmas, 0, 10)) add('min_target_sigmas', 'z must be in [0, 10]');
  if (!finiteIn(plan.anchorWeight, 0, 1000)) add('anchor_weight', 'λ must be in [0, 1000]');
  if (plan.trainingMode === model.TrainingMode.UNRECOGNIZED || plan.trainingMode < 0 || plan.trainingMode > 2) add('training_mode', 'must be LORA or FULL');
  if (plan.loraRank > 256) add('lora_rank', 'must be at most 256');
  plan.wiseFtAlphas.forEach((a, i) => !(Number.isFinite(a) && a > 0 && a <= 1) && add(`wise_ft_alphas[${i}]`, 'α must be in (0, 1]'));
  if (new Set(plan.wiseFtAlphas).size !== plan.wiseFtAlphas.length) add('wise_ft_alphas', 'α values must be distinct');
  plan.seeds.forEach((s, i) => !(Number.isSafeInteger(s) && s >= 0) && add(`seeds[${i}]`, 'must be a non-negative integer'));
  if (plan.epochs > 1000) add('epochs', 'must be at most 1000');
  if (!finiteIn(plan.learningRate, 0, 10)) add('learning_rate', 'must be in [0, 10]');
  if (!finiteIn(plan.temperature, 0, 100)) add('temperature', 'must be in [0, 100]');
  if (!finiteIn(plan.minTeacherConfidence, 0, 1)) add('min_teacher_confidence', 'must be a probability in [0, 1]');
  if (v.length > 0) throw invalidArgument(`invalid plan: ${v.map((x) => `${x.field}: ${x.description}`).join('; ')}`, v, { reason: 'INVALID_PLAN' });
  const d = PLAN_DEFAULTS;
  return {
    targets,
    guards,
    watch,
    sizes: { train: orDefault(sizes.trainExamples, d.sizes.train), dev: orDefault(sizes.devExamples, d.sizes.dev), anchors: orDefault(sizes.anchorExamples, d.sizes.anchors) },
    minTargetGain: orDefault(plan.minTargetGain, d.minTargetGain),
    maxGuardLoss: orDefault(plan.maxGuardLoss, d.maxGuardLoss),
    minTargetSigmas: plan.minTargetSigmas,
    anchorWeight: orDefault(plan.anchorWeight, d.anchorWeight),
    trainingMode: plan.trainingMode === model.TrainingMode.TRAINING_MODE_FULL ? 'full' : d.trainingMode,
    loraRank: orDefault(plan.loraRank, d.loraRank),
    alphas: plan.wiseFtAlphas.length === 0 ? [...d.alphas] : [...plan.wiseFtAlphas],
    seeds: plan.seeds.length === 0 ? [...d.seeds] : [...plan.seeds],
    epochs: orDefault(plan.epochs, d.epochs),
    learningRate: orDefault(plan.learningRate, d.learningRate),
    temperature: orDefault(plan.temperature, d.temperature),
    minTeacherConfidence: orDefault(plan.minTeacherConfidence, d.minTeacherConfidence),
    disableAnchors: plan.disableAnchors,
    disableGate: plan.disableGate,
  };
}

/** The resolved plan as the proto a client reads back in `Run.plan` (every default visible). */
export function encodePlan(plan: ResolvedPlan): distill.DistillPlan {
  return {
    targetTasks: plan.targets.map((t) => ({ task: t.task, modules: t.modules.map(moduleToProto) })),
    guardTasks: [...plan.guards],
    watchTasks: [...plan.watch],
    sizes: { trainExamples: plan.sizes.train, devExamples: plan.sizes.dev, anchorExamples: plan.sizes.anchors },
    minTargetGain: plan.minTargetGain,
    maxGuardLoss: plan.maxGuardLoss,
    minTargetSigmas: plan.minTargetSigmas,
    anchorWeight: plan.anchorWeight,
    trainingMode: plan.trainingMode === 'full' ? model.TrainingMode.TRAINING_MODE_FULL : model.TrainingMode.TRAINING_MODE_LORA,
    loraRank: plan.loraRank,
    wiseFtAlphas: [...plan.alphas],
    seeds: [...plan.seeds],
    epochs: plan.epochs,
    learningRate: plan.learningRate,
    temperature: plan.temperature,
    minTeacherConfidence: plan.minTeacherConfidence,
    disableAnchors: plan.disableAnchors,
    disableGate: plan.disableGate,
  };
}
