/**
 * SDVP runs survive crashes: the real stack (students, teachers, runner, committed models) with the
 * coordinator as its own process, SIGKILLed at several points of a small face-tag run (after a
 * TRAIN loss event, on a GATE decision, while the next PROMOTE is under way) and restarted each
 * time. The run must end SUCCEEDED with exactly the gate's promotions active and no half-written
 * or stray candidate version left.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { common, distill, model } from '@vprog/proto-ts';
import { modelClient, type CoordinatorProcess } from '../services/distill-coordinator/src/testing/coordinator-process';
import { startCoordinatorStack, type CoordinatorStack } from './coordinator-stack';

jest.setTimeout(300_000);

const MODULES = ['facedet', 'classify'] as const;
const PLAN = distill.DistillPlan.fromPartial({
  targetTasks: [{ task: 'face-tag', modules: [common.Module.MODULE_FACEDET, common.Module.MODULE_CLASSIFY] }],
  guardTasks: ['refexp'],
  sizes: { trainExamples: 6, devExamples: 6, anchorExamples: 4 },
  epochs: 2,
  seeds: [1],
});

describe('a distillation run killed at several points', () => {
  let env: CoordinatorStack | undefined;
  let coordinator: CoordinatorProcess | undefined;
  const address = (name: string) => env!.stack.services.find((s) => s.name === name && s.role === 'student')?.address as string;

  beforeAll(async () => {
    // This spec starts (and kills) its own coordinator process.
    env = await startCoordinatorStack('distill-resume-', { VPROG_COORDINATOR_EVAL_CONCURRENCY: '3' });
  });
  afterAll(async () => {
    await env?.stop();
  });

  const start = async () => (coordinator = await env!.startCoordinator());

  /** Watches from `after` until `stopAt` says so (then SIGKILLs the coordinator) or the run ends. */
  async function watchUntil(runId: string, after: number, stopAt: (e: distill.WatchRunResponse, seen: distill.WatchRunResponse[]) => boolean): Promise<{ last: number; killed: boolean; events: distill.WatchRunResponse[] }> {
    const events: distill.WatchRunResponse[] = [];
    let last = after;
    for await (const e of coordinator!.client.watchRun({ runId, afterSequence: after }, { deadlineMs: 240_000 })) {
      expect(e.sequence).toBe(last + 1);
      last = e.sequence;
      events.push(e);
      if (stopAt(e, events)) {
        await coordinator!.kill();
        return { last, killed: true, events };
      }
    }
    return { last, killed: false, events };
  }

  it('ends SUCCEEDED with the gate’s promotions active and no stray or half-written version', async () => {
    const before = Object.fromEntries(await Promise.all(MODULES.map(async (m) => [m, (await modelClient(address(m)).getModelInfo({ version: '' })).modelInfo?.version?.version] as const)));
    await start();
    const { run } = await coordinator!.client.startRun({ plan: PLAN, requestId: 'resume-spec' });
    const runId = run!.runId;
    const isGate = (e: distill.WatchRunResponse) => e.event?.$case === 'gate';
    const kills: Array<(e: distill.WatchRunResponse, seen: distill.WatchRunResponse[]) => boolean> = [
      (e) => e.event?.$case === 'loss',
      (e) => isGate(e),
      // The second module's gate decision: its PROMOTE starts right after.
      (e) => isGate(e) && e.module === common.Module.MODULE_CLASSIFY,
    ];
    let after = 0;
    const all: distill.WatchRunResponse[] = [];
    let killsDone = 0;
    for (const stopAt of kills) {
      const watched = await watchUntil(runId, after, stopAt);
      all.push(...watched.events);
      after = watched.last;
      if (!watched.killed) break;
      killsDone++;
      await start();
      // StartRun with the same request id after a restart returns the same run.
      expect((await coordinator!.client.startRun({ plan: PLAN, requestId: 'resume-spec' })).run?.runId).toBe(runId);
    }
    const rest = await watchUntil(runId, after, () => false);
    all.push(...rest.events);
    expect(killsDone).toBeGreaterThanOrEqual(2);

    const final = (await coordinator!.client.getRun({ runId })).run!;
    expect({ state: final.state, error: final.error?.message }).toEqual({ state: distill.RunState.RUN_STATE_SUCCEEDED, error: undefined });
    expect(all.at(-1)?.event).toEqual({ $case: 'stateChange', value: { state: distill.RunState.RUN_STATE_SUCCEEDED } });
    expect(final.outcomes.map((o) => o.module)).toEqual([common.Module.MODULE_FACEDET, common.Module.MODULE_CLASSIFY]);

    for (const [i, m] of MODULES.entries()) {
      const decision = final.outcomes[i]!.decision!;
      expect(decision.reason).not.toBe('');
      const client = modelClient(address(m));
      const active = (await client.getModelInfo({ version: '' })).modelInfo?.version?.version;
      expect({ module: m, active }).toEqual({ module: m, active: decision.promoted ? decision.candidateVersion : before[m] });
      const versions = (await client.listVersions({ pageSize: 1000, pageToken: '' })).versions;
      expect(versions.filter((v) => v.sourceRunId === runId && v.state === model.VersionState.VERSION_STATE_CANDIDATE).map((v) => v.version)).toEqual([]);
      const root = join(env!.dir, 'models', m, 'student');
      const dirs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.'));
      for (const d of dirs) expect({ version: d.name, manifest: existsSync(join(root, d.name, 'manifest.json')) && typeof JSON.parse(readFileSync(join(root, d.name, 'manifest.json'), 'utf8')) }).toEqual({ version: d.name, manifest: 'object' });
      for (const v of versions) expect(dirs.map((d) => d.name)).toContain(v.version);
      client.$close();
    }
  });
});
