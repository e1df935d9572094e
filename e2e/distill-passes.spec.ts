/**
 * Each pass of a plan works on its own data: on the real stack, a face-tag plan with two seeds
 * (two passes over CLASSIFY, guarded by shape-tag, which calls CLASSIFY too) collects different
 * training inputs and anchors in each pass, and every gate measurement stores one score per dev
 * item, which the gate pairs. δ = 1 refuses both candidates, so no active version changes.
 */
import { evaluateTask } from '@vprog/benchmark';
import { common, distill, model } from '@vprog/proto-ts';
import { openRunStore } from '../services/distill-coordinator/src/run-store';
import type { CoordinatorProcess } from '../services/distill-coordinator/src/testing/coordinator-process';
import { startCoordinatorStack, type CoordinatorStack } from './coordinator-stack';

jest.setTimeout(300_000);

const DEV = 5;
const PLAN = distill.DistillPlan.fromPartial({
  targetTasks: [{ task: 'face-tag', modules: [common.Module.MODULE_CLASSIFY] }],
  guardTasks: ['shape-tag'],
  sizes: { trainExamples: 4, devExamples: DEV, anchorExamples: 2 },
  minTargetGain: 1,
  epochs: 1,
  seeds: [5, 6],
});

describe('the passes of a plan', () => {
  let env: CoordinatorStack | undefined;
  let coordinator: CoordinatorProcess | undefined;

  beforeAll(async () => {
    env = await startCoordinatorStack('distill-passes-');
    coordinator = await env.startCoordinator();
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('collect, anchor and gate on their own seed, and store per-item gate scores', async () => {
    const { run } = await coordinator!.client.startRun({ plan: PLAN, requestId: '' });
    const runId = run!.runId;
    let state: distill.RunState | undefined;
    for await (const e of coordinator!.client.watchRun({ runId, afterSequence: 0 }, { deadlineMs: 240_000 })) {
      if (e.event?.$case === 'stateChange') state = e.event.value.state;
    }
    expect(state).toBe(distill.RunState.RUN_STATE_SUCCEEDED);
    const final = (await coordinator!.client.getRun({ runId })).run!;
    expect(final.outcomes.map((o) => [o.seed, o.decision?.promoted])).toEqual([
      [5, false],
      [6, false],
    ]);
    await coordinator!.stop();

    const store = openRunStore(env!.dbPath);
    try {
      // The module inputs alone (the label stage turns collected inputs into target and dropped rows).
      const inputs = (key: string, kinds: Array<'target' | 'dropped' | 'anchor'>) =>
        store.examples(runId, key, kinds).map((e) => Buffer.from(model.DistillExample.encode(model.DistillExample.fromPartial({ input: e.input })).finish()).toString('base64'));
      for (const kinds of [['target', 'dropped'], ['anchor']] as Array<Array<'target' | 'dropped' | 'anchor'>>) {
        const [first, second] = [inputs('0/0/0', kinds), inputs('1/0/0', kinds)];
        expect(first.length).toBeGreaterThan(0);
        expect(second.length).toBeGreaterThan(0);
        // Different seeds render different scenes: no input of the second pass repeats one of the first.
        expect(second.filter((x) => first.includes(x))).toEqual([]);
      }
      const steps = store.steps(runId);
      expect(steps.map((s) => [s.key, s.seed])).toEqual([
        ['0/0/0', 5],
        ['1/0/0', 6],
      ]);
      const scores = steps.map((s) => s.data.before?.['face-tag']?.scores);
      for (const s of scores) expect(s).toHaveLength(DEV);
      for (const s of steps) {
        expect(s.data.before?.['shape-tag']?.scores).toHaveLength(DEV);
        for (const measured of Object.values(s.data.after ?? {})) {
          expect(measured['face-tag']?.scores).toHaveLength(DEV);
          expect(measured['shape-tag']?.scores).toHaveLength(DEV);
        }
      }
    } finally {
      store.close();
    }
  });

  it('gets item outcomes in item order from concurrent evaluations, which the gate pairs by position', async () => {
    const runnerAddress = env!.stack.services.find((s) => s.role === 'runner')!.address;
    const score = await evaluateTask({ runnerAddress, task: 'face-tag', split: 'dev', seed: 5, count: 6, concurrency: 3, skipTrace: true });
    expect(score.items.map((item) => item.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
