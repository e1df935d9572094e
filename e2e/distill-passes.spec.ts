/**
 * Each pass of a plan works on its own data: on the real stack, a face-tag plan with two seeds
 * (two passes over CLASSIFY, guarded by shape-tag, which calls CLASSIFY too) collects different
 * training inputs and anchors in each pass, and every gate measurement stores one score per dev
 * item, which the gate pairs. δ = 1 refuses both candidates, so no active version changes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { common, distill, model } from '@vprog/proto-ts';
import { startStack, type Stack } from '../tools/cli/src/commands/up';
import { openRunStore } from '../services/distill-coordinator/src/run-store';
import { coordinatorEnv, startCoordinatorProcess, type CoordinatorProcess } from '../services/distill-coordinator/src/testing/coordinator-process';

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
  let dir: string;
  let stack: Stack;
  let coordinator: CoordinatorProcess | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'distill-passes-'));
    stack = await startStack({ host: '127.0.0.1', ephemeral: true, stateDir: dir, runner: true, readyTimeoutMs: 120_000, coordinator: false });
    coordinator = await startCoordinatorProcess(coordinatorEnv(stack.services, dir, join(dir, 'coordinator.db')));
  });
  afterAll(async () => {
    await coordinator?.stop();
    await stack?.stop(5_000);
    rmSync(dir, { recursive: true, force: true });
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
    coordinator = undefined;

    const store = openRunStore(join(dir, 'coordinator.db'));
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
});
