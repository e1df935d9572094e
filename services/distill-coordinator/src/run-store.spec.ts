import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { common, distill, model } from '@vprog/proto-ts';
import { resolvePlan } from './plan';
import { planSteps } from './run-loop';
import { openRunStore, type RunStore } from './run-store';

const plan = resolvePlan(distill.DistillPlan.fromPartial({ targetTasks: [{ task: 'face-tag' }], guardTasks: ['shape-tag'], seeds: [3] }));
const example = (object: string): model.DistillExample => ({
  input: { $case: 'locate', value: { object, maxBoxes: 0, image: { source: { $case: 'raw', value: { width: 1, height: 1, channels: 3, data: Buffer.from([1, 2, 3]) } } } } },
  kind: model.ExampleKind.EXAMPLE_KIND_TARGET,
  weight: 1,
});
const progress = (done: number) => ({ task: 'face-tag', module: common.Module.MODULE_FACEDET, stage: distill.Stage.STAGE_COLLECT, event: { $case: 'progress' as const, value: { done, total: 4, kept: 0, dropped: 0 } } });

describe('openRunStore', () => {
  let dir: string;
  let store: RunStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'coordinator-store-'));
    store = openRunStore(join(dir, 'state', 'coordinator.db'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns the first run for a repeated request id instead of creating another', () => {
    const first = store.createRun({ runId: 'r1', requestId: 'key', plan });
    const again = store.createRun({ runId: 'r2', requestId: 'key', plan });
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, run: { runId: 'r1', state: 'pending' } });
    expect(store.getRun('r2')).toBeUndefined();
    expect(store.createRun({ runId: 'r3', plan }).created).toBe(true);
  });

  it('reads a plan stored before min_target_sigmas existed with the noise floor off', () => {
    const { minTargetSigmas: _dropped, ...older } = { ...plan, minTargetSigmas: 2 };
    store.createRun({ runId: 'old', plan: older as typeof plan });
    expect(store.getRun('old')?.plan.minTargetSigmas).toBe(0);
    store.createRun({ runId: 'new', plan: { ...plan, minTargetSigmas: 2 } });
    expect(store.getRun('new')?.plan.minTargetSigmas).toBe(2);
  });

  it('reads a plan stored before watch_tasks existed as watching nothing', () => {
    const { watch: _dropped, ...older } = { ...plan, watch: ['nlvr-shapes'] };
    store.createRun({ runId: 'old', plan: older as typeof plan });
    expect(store.getRun('old')?.plan.watch).toEqual([]);
    store.createRun({ runId: 'new', plan: { ...plan, watch: ['nlvr-shapes'] } });
    expect(store.getRun('new')?.plan.watch).toEqual(['nlvr-shapes']);
  });

  it('keeps checkpoints, examples and decisions across a reopen, so a restarted coordinator resumes where the run stopped', () => {
    store.createRun({ runId: 'r1', plan });
    store.setState('r1', 'running');
    const [first, second] = planSteps(plan);
    expect(first).toMatchObject({ key: '0/0/0', module: 'facedet', seed: 3 });
    expect(second).toMatchObject({ key: '0/0/1', module: 'classify' });
    store.step('r1', first!);
    store.checkpoint('r1', first!.key, { stage: 'none', data: { activeBefore: 'v1' } });
    store.checkpoint('r1', first!.key, { stage: 'collect', examples: { kinds: ['collected'], rows: [{ kind: 'collected', example: example('a') }, { kind: 'collected', example: example('b') }] } });
    store.checkpoint('r1', first!.key, {
      stage: 'label',
      examples: { kinds: ['collected', 'target', 'dropped'], rows: [{ kind: 'target', example: example('a') }, { kind: 'dropped', example: example('b') }] },
    });
    store.checkpoint('r1', first!.key, { stage: 'train', data: { candidates: [{ version: 'v2', alpha: 1 }] } });
    store.close();

    store = openRunStore(join(dir, 'state', 'coordinator.db'));
    expect(store.runsIn('running').map((r) => r.runId)).toEqual(['r1']);
    expect(store.getRun('r1')?.plan).toEqual(plan);
    const step = store.step('r1', first!);
    expect(step).toMatchObject({ stage: 'train', data: { activeBefore: 'v1', candidates: [{ version: 'v2', alpha: 1 }] } });
    expect(store.examples('r1', first!.key, ['collected'])).toEqual([]);
    expect(store.examples('r1', first!.key, ['target']).map((e) => (e.input?.$case === 'locate' ? e.input.value.object : ''))).toEqual(['a']);
    expect(store.examples('r1', first!.key, ['target', 'dropped'])).toHaveLength(2);
    expect(store.step('r1', second!).stage).toBe('none');
  });

  it('records a decision with its step, and lists steps in plan order', () => {
    store.createRun({ runId: 'r1', plan });
    const [a, b] = planSteps(plan);
    store.step('r1', b!);
    store.step('r1', a!);
    const decision: distill.GateDecision = { promoted: false, candidateVersion: 'v9', wiseFtAlpha: 1, guards: [], reason: 'target face-tag gained 0.000' };
    store.checkpoint('r1', a!.key, { stage: 'gate', decision });
    expect(store.steps('r1').map((s) => [s.key, s.decision?.reason])).toEqual([
      ['0/0/0', 'target face-tag gained 0.000'],
      ['0/0/1', undefined],
    ]);
  });

  it('numbers each run’s events from 1 without gaps, notifies listeners after commit, and replays after a sequence', () => {
    store.createRun({ runId: 'r1', plan });
    store.createRun({ runId: 'r2', plan });
    const seen: Array<[string, number]> = [];
    const off = store.onEvent((e) => seen.push([e.runId, Number(e.sequence)]));
    store.appendEvents('r1', [progress(1), progress(2)]);
    store.appendEvents('r2', [progress(1)]);
    store.setState('r1', 'running', { events: [progress(3)] });
    const [step] = planSteps(plan);
    store.step('r1', step!);
    store.checkpoint('r1', step!.key, { stage: 'collect', events: [progress(4)] });
    off();
    store.appendEvents('r1', [progress(5)]);
    expect(seen).toEqual([['r1', 1], ['r1', 2], ['r2', 1], ['r1', 3], ['r1', 4]]);
    expect(store.eventsAfter('r1', 0).map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
    const replay = store.eventsAfter('r1', 3);
    expect(replay.map((e) => [e.sequence, e.event?.$case === 'progress' ? e.event.value.done : -1])).toEqual([[4, 4], [5, 5]]);
    expect(replay[0]?.eventTime).toBeInstanceOf(Date);
  });

  it('writes nothing of a checkpoint whose step does not exist', () => {
    store.createRun({ runId: 'r1', plan });
    expect(() => store.checkpoint('r1', '9/9/9', { stage: 'collect', events: [progress(1)] })).toThrow(/no step/);
    expect(store.eventsAfter('r1', 0)).toEqual([]);
  });
});
