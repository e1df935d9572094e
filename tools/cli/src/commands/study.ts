import { ALL_MODULES, evaluateTask, type ItemOutcome, type ModuleRoute } from '@vprog/benchmark';
import type { distill } from '@vprog/proto-ts';
import { decisionsOf, runAndWatch, type CoordinatorClient } from './distill-watch';
import { passSeed, SIZE_PRESETS, type SizePreset, type StudySize } from './distill-sizes';
import type { Progress } from './progress';
import type { RowName, StudyCell, StudyDecision, StudyGain, StudyResult } from './study-result';
import { activeVersions, restoreVersions, type ModuleVersions, type StudentAddresses } from './study-versions';

/**
 * The distillation study (the paper's table) against a running stack: the students as they are,
 * the teachers replacing every module, naive distillation (no anchors, no gate) and SDVP, each
 * target task distilled in one coordinator run per pass, every cell measured on the test split.
 * SDVP runs first; the original versions are activated again before naive distillation so that
 * both arms start from the same models, and SDVP's versions are activated again at the end.
 */

/** Where the study sends its calls. */
export interface StudyEndpoints {
  readonly runner: string;
  readonly coordinator: CoordinatorClient;
  readonly students: StudentAddresses;
}

/** Changes to a size preset: test questions per cell, concurrency (`vprog start --count`) or passes (`vprog distill --passes`). */
export type StudyOverrides = Partial<Pick<SizePreset, 'testItems' | 'concurrency' | 'passes'>>;

/** Options of {@link runStudy}. */
export interface StudyOptions {
  readonly endpoints: StudyEndpoints;
  readonly targets: readonly string[];
  readonly guards: readonly string[];
  /** The data seed of every split (test items, and the coordinator's sampling and training). */
  readonly seed: number;
  readonly size: StudySize;
  readonly overrides?: StudyOverrides;
  readonly progress: Progress;
}

/** A finished study with what the report needs beyond the table. */
export interface StudyRun {
  readonly result: StudyResult;
  /** Per task: the students' item outcomes, and the outcomes with the final SDVP versions. */
  readonly items: { readonly students: Readonly<Record<string, readonly ItemOutcome[]>>; readonly final: Readonly<Record<string, readonly ItemOutcome[]>> };
  readonly originalVersions: ModuleVersions;
}

const TEACHERS: readonly ModuleRoute[] = ALL_MODULES.map((module) => ({ module, teacher: true }));

/**
 * The coordinator plan of one pass (0-based) over one target task's modules in one arm. `guards`
 * give anchors and are gated on; `watch` (the targets distilled after this one) are gated on only.
 */
export function studyPlan(size: StudySize, seed: number, target: string, guards: readonly string[], arm: 'naive' | 'sdvp', pass = 0, watch: readonly string[] = []): distill.DistillPlan {
  const p = SIZE_PRESETS[size];
  return {
    targetTasks: [{ task: target, modules: [] }],
    guardTasks: [...guards],
    watchTasks: [...watch],
    sizes: { trainExamples: p.trainExamples, devExamples: p.devExamples, anchorExamples: p.anchorExamples },
    minTargetGain: p.minTargetGain,
    maxGuardLoss: p.maxGuardLoss,
    minTargetSigmas: p.minTargetSigmas,
    anchorWeight: p.anchorWeight,
    trainingMode: p.trainingMode,
    loraRank: 0,
    wiseFtAlphas: arm === 'naive' ? [1] : [...p.wiseFtAlphas],
    // Each pass collects, anchors and gates on its own data seed, so no two passes share items.
    seeds: [passSeed(seed, pass)],
    epochs: p.epochs,
    learningRate: 0,
    temperature: 0,
    minTeacherConfidence: 0,
    disableAnchors: arm === 'naive',
    disableGate: arm === 'naive',
  };
}

/**
 * SDVP's final gain on one task: the final cell minus the students' cell, and the paired standard
 * error of the per-item scores (`score` per item, in item order on both sides). The error is NaN
 * when the sides do not pair up (which the study never produces), hold a non-finite score or
 * under two items.
 */
export async function gainOf(students: StudyCell, final: StudyCell, before: readonly ItemOutcome[], after: readonly ItemOutcome[]): Promise<StudyGain> {
  // Loaded here: the distillation library brings TensorFlow.js, which only a study needs.
  const { pairedStandardErrorIfPaired } = await import('@vprog/distill');
  const paired = before.length === after.length && before.every((item, i) => item.index === after[i]?.index);
  const standardError = paired ? pairedStandardErrorIfPaired(before.map((i) => i.score), after.map((i) => i.score)) : undefined;
  return { gain: final.value - students.value, pairedStandardError: standardError ?? Number.NaN, n: paired ? before.length : 0 };
}

/**
 * Runs the whole study.
 * @throws Error when a coordinator run fails, and the services' typed errors when one is
 *   unreachable or refuses a plan or an activation.
 */
export async function runStudy(options: StudyOptions): Promise<StudyRun> {
  const { endpoints, progress, targets, guards, seed, size } = options;
  const preset = { ...SIZE_PRESETS[size], ...options.overrides };
  const rows: Record<RowName, Record<string, StudyCell>> = { students: {}, teachers: {}, naive: {}, sdvp: {}, sdvp_sequential: {} };
  const studentItems: Record<string, readonly ItemOutcome[]> = {};
  const finalItems: Record<string, readonly ItemOutcome[]> = {};
  const decisions: StudyDecision[] = [];

  const measure = async (row: RowName, task: string, routes: readonly ModuleRoute[] = []): Promise<readonly ItemOutcome[]> => {
    const score = await evaluateTask({
      runnerAddress: endpoints.runner,
      task,
      split: 'test',
      seed,
      count: preset.testItems,
      concurrency: preset.concurrency,
      routes,
      skipTrace: true,
      onItem: (done, total) => progress.update(`${row} · ${task}`, done, total),
    });
    rows[row][task] = { task, metric: score.metric, value: score.value, n: score.n, failed: score.failed };
    progress.note(`  ${row} · ${task}: ${score.metric} ${Number.isNaN(score.value) ? 'n/a' : score.value.toFixed(3)} (n=${score.n}${score.failed > 0 ? `, ${score.failed} failed` : ''})`);
    return score.items;
  };

  /**
   * Distils one target in one arm, one coordinator run per pass. SDVP stops after a pass in which
   * the gate promoted none of the target's modules (the next pass would start from the same
   * versions); naive distillation makes `passes` passes. Returns the passes made.
   */
  const distillTarget = async (arm: 'naive' | 'sdvp', i: number, passes: number): Promise<number> => {
    const target = targets[i] as string;
    const runGuards = arm === 'sdvp' ? [...guards, ...targets.slice(0, i)] : guards;
    // A later target must not lose either: its distillation starts from the versions promoted now.
    const watch = arm === 'sdvp' ? targets.slice(i + 1) : [];
    for (let pass = 0; pass < passes; pass++) {
      const label = `${arm} ${i + 1}/${targets.length}${passes > 1 ? ` pass ${pass + 1}` : ''}`;
      progress.note(`${label}: distilling ${target} (guards: ${[...runGuards, ...watch].join(', ')})`);
      const run = await runAndWatch({
        client: endpoints.coordinator,
        plan: studyPlan(size, seed, target, runGuards, arm, pass, watch),
        requestId: `study-${arm}-${seed}-${target}-${pass}-${Date.now()}`,
        label,
        progress,
      });
      const made = decisionsOf(arm, run);
      decisions.push(...made);
      if (arm === 'sdvp' && !made.some((d) => d.promoted)) return pass + 1;
    }
    return passes;
  };

  const measureGuards = async (arm: 'naive' | 'sdvp'): Promise<void> => {
    for (const guard of guards) {
      const items = await measure(arm, guard);
      if (arm === 'sdvp') finalItems[guard] = items;
    }
  };

  const originalVersions = await activeVersions(endpoints.students);
  progress.note(`students: ${Object.entries(originalVersions).map(([m, v]) => `${m} ${v}`).join(', ')}`);
  for (const task of [...targets, ...guards]) studentItems[task] = await measure('students', task);
  for (const task of [...targets, ...guards]) await measure('teachers', task, TEACHERS);

  // SDVP first: naive distillation then makes as many passes per target as SDVP did, so it sees
  // at least as much teacher-labelled data.
  const passesMade: Record<string, number> = {};
  for (const [i, target] of targets.entries()) {
    passesMade[target] = await distillTarget('sdvp', i, preset.passes);
    await measure('sdvp', target);
  }
  await measureGuards('sdvp');
  for (const target of targets) finalItems[target] = await measure('sdvp_sequential', target);
  const sdvpVersions = await activeVersions(endpoints.students);

  const restored = await restoreVersions(endpoints.students, originalVersions);
  if (restored.length > 0) progress.note(`restored the original students of ${restored.join(', ')} before naive distillation`);
  for (const [i, target] of targets.entries()) {
    await distillTarget('naive', i, passesMade[target] ?? 1);
    await measure('naive', target);
  }
  await measureGuards('naive');
  // The stack keeps serving what SDVP promoted (the report's rationales replay those versions).
  const back = await restoreVersions(endpoints.students, sdvpVersions);
  if (back.length > 0) progress.note(`activated SDVP's versions of ${back.join(', ')} again`);

  const gains: Record<string, StudyGain> = {};
  for (const task of [...targets, ...guards]) {
    const final = (targets.includes(task) ? rows.sdvp_sequential : rows.sdvp)[task];
    const students = rows.students[task];
    if (final !== undefined && students !== undefined) gains[task] = await gainOf(students, final, studentItems[task] ?? [], finalItems[task] ?? []);
  }

  return {
    result: { seed, size, passes: preset.passes, passesMade, targets: [...targets], guards: [...guards], rows, gains, decisions },
    items: { students: studentItems, final: finalItems },
    originalVersions,
  };
}
