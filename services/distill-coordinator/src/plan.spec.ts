import { taskModules } from '@vprog/benchmark';
import { isVprogError, type VprogError } from '@vprog/grpc-kit';
import { common, distill, model } from '@vprog/proto-ts';
import { TASKS } from '@vprog/world';
import { anchorTasksOf, encodePlan, guardsOf, PLAN_DEFAULTS, resolvePlan } from './plan';

const plan = (over: Partial<distill.DistillPlan> = {}): distill.DistillPlan => ({ ...distill.DistillPlan.fromPartial({ targetTasks: [{ task: 'face-tag', modules: [] }] }), ...over });

function violations(p: distill.DistillPlan): string[] {
  try {
    resolvePlan(p);
  } catch (error) {
    if (isVprogError(error)) return (error as VprogError).fieldViolations.map((v) => v.field);
    throw error;
  }
  throw new Error('expected the plan to be rejected');
}

describe('resolvePlan', () => {
  it('fills every default: the task’s modules upstream first, every guard task of the world, sizes and hyper-parameters', () => {
    const resolved = resolvePlan(plan());
    expect(resolved.targets).toEqual([{ task: 'face-tag', modules: taskModules('face-tag') }]);
    expect(resolved.targets[0]?.modules).toEqual(['facedet', 'classify']);
    expect(resolved.guards).toEqual(TASKS.filter((t) => t.kind === 'guard').map((t) => t.name));
    expect(resolved).toMatchObject({
      sizes: { train: 64, dev: 32, anchors: 64 },
      minTargetGain: 0.02,
      maxGuardLoss: 0.01,
      anchorWeight: 1,
      trainingMode: 'lora',
      loraRank: 4,
      alphas: [1],
      seeds: [1],
      epochs: 30,
      temperature: 2,
      minTeacherConfidence: 0.5,
      disableAnchors: false,
      disableGate: false,
    });
    expect(resolved.learningRate).toBeCloseTo(PLAN_DEFAULTS.learningRate);
  });

  it('keeps the values a plan sets', () => {
    const resolved = resolvePlan(
      plan({
        targetTasks: [{ task: 'gqa-shapes', modules: [common.Module.MODULE_VQA] }],
        guardTasks: ['size-qa'],
        sizes: { trainExamples: 4, devExamples: 6, anchorExamples: 2 },
        minTargetGain: 0.5,
        trainingMode: model.TrainingMode.TRAINING_MODE_FULL,
        wiseFtAlphas: [0.5, 1],
        seeds: [7, 8],
        disableGate: true,
      }),
    );
    expect(resolved).toMatchObject({ targets: [{ task: 'gqa-shapes', modules: ['vqa'] }], guards: ['size-qa'], sizes: { train: 4, dev: 6, anchors: 2 }, minTargetGain: 0.5, trainingMode: 'full', alphas: [0.5, 1], seeds: [7, 8], disableGate: true });
  });

  it('names every bad field: unknown tasks and modules, modules the task never calls, numbers out of range', () => {
    expect(violations(plan({ targetTasks: [] }))).toEqual(['plan.target_tasks']);
    expect(
      violations(
        plan({
          targetTasks: [{ task: 'no-such-task', modules: [] }, { task: 'face-tag', modules: [common.Module.MODULE_VQA, common.Module.MODULE_UNSPECIFIED] }],
          guardTasks: ['face-tag', 'nope'],
          minTargetGain: -1,
          maxGuardLoss: Number.NaN,
          minTargetSigmas: -1,
          wiseFtAlphas: [0, 1.5],
          minTeacherConfidence: 2,
        }),
      ),
    ).toEqual([
      'plan.target_tasks[0].task',
      'plan.target_tasks[1].modules[0]',
      'plan.target_tasks[1].modules[1]',
      'plan.guard_tasks[0]',
      'plan.guard_tasks[1]',
      'plan.min_target_gain',
      'plan.max_guard_loss',
      'plan.min_target_sigmas',
      'plan.wise_ft_alphas[0]',
      'plan.wise_ft_alphas[1]',
      'plan.min_teacher_confidence',
    ]);
  });

  it('lets a module come back after another one (a second pass), but not twice in a row', () => {
    const { FACEDET, CLASSIFY } = { FACEDET: common.Module.MODULE_FACEDET, CLASSIFY: common.Module.MODULE_CLASSIFY };
    expect(resolvePlan(plan({ targetTasks: [{ task: 'face-tag', modules: [FACEDET, CLASSIFY, FACEDET] }] })).targets).toEqual([{ task: 'face-tag', modules: ['facedet', 'classify', 'facedet'] }]);
    expect(violations(plan({ targetTasks: [{ task: 'face-tag', modules: [FACEDET, FACEDET, CLASSIFY] }] }))).toEqual(['plan.target_tasks[0].modules[1]']);
  });

  it('round-trips through the proto a client reads back, with the defaults visible', () => {
    const resolved = resolvePlan(plan({ guardTasks: ['shape-tag'] }));
    expect(resolvePlan(encodePlan(resolved))).toEqual(resolved);
    expect(encodePlan(resolved).targetTasks[0]?.modules).toEqual([common.Module.MODULE_FACEDET, common.Module.MODULE_CLASSIFY]);
  });

  it('anchors each target on the plan’s guards and the targets before it, never itself', () => {
    const resolved = resolvePlan(plan({ targetTasks: [{ task: 'gqa-shapes', modules: [] }, { task: 'face-tag', modules: [] }], guardTasks: ['size-qa'], watchTasks: ['nlvr-shapes'] }));
    expect(anchorTasksOf(resolved, 0)).toEqual(['size-qa']);
    expect(anchorTasksOf(resolved, 1)).toEqual(['size-qa', 'gqa-shapes']);
  });

  it('gates each target on its anchor tasks, the watched tasks and the targets after it, never itself', () => {
    const resolved = resolvePlan(plan({ targetTasks: [{ task: 'gqa-shapes', modules: [] }, { task: 'face-tag', modules: [] }], guardTasks: ['size-qa'], watchTasks: ['nlvr-shapes'] }));
    expect(guardsOf(resolved, 0)).toEqual(['size-qa', 'nlvr-shapes', 'face-tag']);
    expect(guardsOf(resolved, 1)).toEqual(['size-qa', 'gqa-shapes', 'nlvr-shapes']);
    expect(resolvePlan(encodePlan(resolved))).toEqual(resolved);
  });

  it('refuses a watched task that is unknown, a target or already a guard', () => {
    expect(violations(plan({ guardTasks: ['size-qa'], watchTasks: ['nope', 'face-tag', 'size-qa', 'nlvr-shapes'] }))).toEqual([
      'plan.watch_tasks[0]',
      'plan.watch_tasks[1]',
      'plan.watch_tasks[2]',
    ]);
  });
});
