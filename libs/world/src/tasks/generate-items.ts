import { createWorldError } from '../errors';
import { specToProgram } from '../language/gold-program';
import { renderImageQuestion } from '../language/image-questions';
import { renderPairStatement } from '../language/pair-statements';
import { isPairSpec } from '../language/question-spec';
import { createRng } from '../random';
import type { RawImage } from '../image';
import { renderScene } from '../render';
import { groundTruth } from './ground-truth';
import { getTask } from './registry';
import { retry } from './scene-painter';
import { SPLITS, type Split, type TaskImage, type TaskItem } from './task-item';

/**
 * Item generation: item `i` of (task, split, seed) comes from `createRng(task, split, seed, i)`
 * alone, so any item can be regenerated without the ones before it. The family and the answer are
 * chosen first; the scene is then built (with rejection sampling) to have that answer.
 *
 * Family and answer come from a stratified point `u_i = frac(offset + i·φ⁻¹)` (a Weyl sequence, with
 * `offset` drawn from the seed): its points fill [0, 1) evenly, so among any run of items every
 * (family, answer) cell gets its share within a few items. Balance is exact by construction, not a
 * matter of luck, while each item still depends on its own index only.
 */

const INVERSE_GOLDEN = 0.6180339887498949;

/** The stratified point of item `index`: deterministic, evenly spread over [0, 1). */
function stratum(task: string, split: Split, seed: number, index: number): number {
  const offset = createRng(task, split, seed, 'strata').next();
  const u = offset + ((index * INVERSE_GOLDEN) % 1);
  return u >= 1 ? u - 1 : u;
}

/** The family whose share of [0, 1) holds `u`, and `u` rescaled to [0, 1) within that share. */
function familyAt<T>(families: ReadonlyArray<readonly [T, number]>, u: number): { family: T; within: number } {
  const total = families.reduce((sum, [, weight]) => sum + weight, 0);
  let start = 0;
  for (const [family, weight] of families) {
    const end = start + weight / total;
    if (u < end) return { family, within: Math.min(0.999999, (u - start) / (end - start)) };
    start = end;
  }
  return { family: families[families.length - 1][0], within: 0.5 };
}

/**
 * Generates one item. Throws an `UNKNOWN_TASK` world error for an unknown task and an
 * `INVALID_OPTIONS` one for a bad split, seed or index.
 */
export function generateTaskItem(taskName: string, split: Split, seed: number, index: number): TaskItem {
  const task = getTask(taskName);
  if (!(SPLITS as readonly string[]).includes(split)) throw createWorldError('INVALID_OPTIONS', `unknown split ${JSON.stringify(split)}; splits: ${SPLITS.join(', ')}`);
  if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(index) || index < 0) {
    throw createWorldError('INVALID_OPTIONS', `seed and index must be integers (index >= 0), got seed ${seed}, index ${index}`);
  }
  const rng = createRng(task.name, split, seed, index);
  const domain = task.domains[index % task.domains.length];
  const { family, within } = familyAt(task.families, stratum(task.name, split, seed, index));
  const wanted = family.answers ? family.answers[Math.floor(within * family.answers.length)] : undefined;
  const draft = retry(rng.fork('build'), `${task.name}/${family.name}`, (r) => {
    const built = family.build(r, domain, wanted);
    const truth = built && groundTruth(built.spec, built.scenes);
    if (!built || truth === undefined || (wanted !== undefined && truth !== wanted)) return undefined;
    return { ...built, answer: truth };
  });
  const wording = rng.fork('wording');
  const question = isPairSpec(draft.spec) ? renderPairStatement(draft.spec, wording) : renderImageQuestion(draft.spec, wording);
  const id = `${task.name}-${split}-${seed}-${index}`;
  const images: TaskImage[] = draft.scenes.map((scene, k) => {
    const name = task.inputs[k];
    return { name, scene, renderSeed: `${task.name}/${split}/${seed}/${index}/${name}` };
  });
  return {
    id,
    task: task.name,
    split,
    seed,
    index,
    domain,
    family: family.name,
    images,
    question,
    spec: draft.spec,
    program: specToProgram(draft.spec),
    answer: draft.answer,
  };
}

/** Options of {@link generateTaskItems}. */
export interface TaskItemsOptions {
  readonly split: Split;
  readonly seed: number;
  readonly count: number;
  /** Index of the first item (default 0), for generating a split in chunks. */
  readonly offset?: number;
}

/** Items `offset … offset+count-1` of a task split, in order. Throws like {@link generateTaskItem}. */
export function generateTaskItems(taskName: string, options: TaskItemsOptions): TaskItem[] {
  if (!Number.isSafeInteger(options.count) || options.count < 0) {
    throw createWorldError('INVALID_OPTIONS', `count must be a non-negative integer, got ${options.count}`);
  }
  const offset = options.offset ?? 0;
  return Array.from({ length: options.count }, (_, i) => generateTaskItem(taskName, options.split, options.seed, offset + i));
}

/** The pixels of one item image: the scene rendered with the image's own seed. Throws nothing for generated items. */
export function renderTaskImage(image: TaskImage): RawImage {
  return renderScene(image.scene, createRng('render', image.renderSeed));
}
