/**
 * A candidate the gate rejects never disturbs the module: on the real stack, a plan whose δ cannot
 * be met (min_target_gain 1.0) trains a facedet candidate and evaluates it while several clients
 * keep calling FaceDetService; no call fails, the active version is unchanged afterwards and the
 * candidate is discarded with the gate's reason.
 */
import { createClient } from '@vprog/grpc-kit';
import { common, distill, facedet, model } from '@vprog/proto-ts';
import { encodePng, generateTaskItems, renderTaskImage } from '@vprog/world';
import { modelClient, type CoordinatorProcess } from '../services/distill-coordinator/src/testing/coordinator-process';
import { startCoordinatorStack, type CoordinatorStack } from './coordinator-stack';

jest.setTimeout(300_000);

const PLAN = distill.DistillPlan.fromPartial({
  targetTasks: [{ task: 'face-tag', modules: [common.Module.MODULE_FACEDET] }],
  guardTasks: ['refexp'],
  sizes: { trainExamples: 6, devExamples: 6, anchorExamples: 4 },
  minTargetGain: 1,
  epochs: 2,
});
const CLIENTS = 4;

describe('a candidate the gate rejects', () => {
  let env: CoordinatorStack | undefined;
  let coordinator: CoordinatorProcess | undefined;

  beforeAll(async () => {
    env = await startCoordinatorStack('distill-rejected-');
    coordinator = await env.startCoordinator();
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('is discarded while the module keeps answering every request with its active version', async () => {
    const address = env!.stack.services.find((s) => s.name === 'facedet' && s.role === 'student')!.address;
    const admin = modelClient(address);
    const api = createClient(facedet.FaceDetServiceClient, address);
    const activeBefore = (await admin.getModelInfo({ version: '' })).modelInfo?.version?.version;
    const image = { source: { $case: 'encoded' as const, value: encodePng(renderTaskImage(generateTaskItems('face-tag', { split: 'test', seed: 5, count: 1 })[0]!.images[0]!)) } };

    const { run } = await coordinator!.client.startRun({ plan: PLAN, requestId: '' });
    const runId = run!.runId;
    let load: Promise<void> | undefined;
    let stopLoad = false;
    const calls = { ok: 0, failed: [] as string[], versions: new Set<string>() };
    const loop = async () => {
      while (!stopLoad) {
        try {
          const res = await api.detectFaces({ image, maxBoxes: 0 }, { deadlineMs: 20_000 });
          calls.ok++;
          calls.versions.add(res.model?.version ?? '');
        } catch (error) {
          calls.failed.push(String(error));
        }
      }
    };
    let decision: distill.GateDecision | undefined;
    let state: distill.RunState | undefined;
    for await (const e of coordinator!.client.watchRun({ runId, afterSequence: 0 }, { deadlineMs: 240_000 })) {
      if (e.stage === distill.Stage.STAGE_GATE && load === undefined) load = Promise.all(Array.from({ length: CLIENTS }, loop)).then(() => undefined);
      if (e.event?.$case === 'gate') {
        decision = e.event.value;
        stopLoad = true;
      }
      if (e.event?.$case === 'stateChange') state = e.event.value.state;
    }
    stopLoad = true;
    await load;

    expect(state).toBe(distill.RunState.RUN_STATE_SUCCEEDED);
    expect(load).toBeDefined();
    expect(calls.failed).toEqual([]);
    expect(calls.ok).toBeGreaterThan(CLIENTS);
    expect([...calls.versions]).toEqual([activeBefore]);
    // refexp never calls FACEDET, so the gate does not re-measure it (it cannot change).
    expect(decision).toMatchObject({ promoted: false, target: { task: 'face-tag', computed: true, passed: false }, guards: [] });
    expect(decision?.reason).toMatch(/less than δ = 1/);
    expect(decision?.reason).toMatch(/not re-measured: refexp do not call facedet/);
    expect(decision?.candidateVersion).not.toBe('');

    expect((await admin.getModelInfo({ version: '' })).modelInfo?.version?.version).toBe(activeBefore);
    const versions = (await admin.listVersions({ pageSize: 1000, pageToken: '' })).versions;
    const candidate = versions.find((v) => v.version === decision?.candidateVersion);
    // The registry either drops a discarded version or keeps it marked DISCARDED; it is never servable.
    expect(candidate === undefined || candidate.state === model.VersionState.VERSION_STATE_DISCARDED).toBe(true);
    const final = (await coordinator!.client.getRun({ runId })).run!;
    expect(final.outcomes).toEqual([{ task: 'face-tag', module: common.Module.MODULE_FACEDET, seed: 1, decision }]);
    admin.$close();
    api.$close();
  });
});
