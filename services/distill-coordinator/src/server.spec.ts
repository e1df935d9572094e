import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, silentLogger, type VprogClient } from '@vprog/grpc-kit';
import { distill } from '@vprog/proto-ts';
import { parseCoordinatorConfig } from './config';
import { startCoordinatorServer, type RunningCoordinator } from './server';

/** An address nothing listens on: every module and runner call fails UNAVAILABLE. */
const DEAD = '127.0.0.1:9';
const PLAN = distill.DistillPlan.fromPartial({ targetTasks: [{ task: 'face-tag' }], guardTasks: ['refexp'], sizes: { trainExamples: 2, devExamples: 2, anchorExamples: 2 } });

async function collect(stream: AsyncIterable<distill.WatchRunResponse>): Promise<distill.WatchRunResponse[]> {
  const out: distill.WatchRunResponse[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<{ code?: string; reason?: string; fields?: string[] }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: string; reason?: string; fieldViolations?: Array<{ field: string }> };
    return { code: e.code, reason: e.reason, fields: e.fieldViolations?.map((v) => v.field) };
  }
  throw new Error('expected a rejection');
}

describe('CoordinatorService', () => {
  let dir: string;
  let coordinator: RunningCoordinator;
  let client: VprogClient<typeof distill.CoordinatorServiceService>;
  const env = (over: Record<string, string> = {}) => ({
    VPROG_COORDINATOR_PORT: '0',
    VPROG_COORDINATOR_DB: join(dir, 'coordinator.db'),
    VPROG_COORDINATOR_RUNNER_ADDRESS: DEAD,
    VPROG_COORDINATOR_FACEDET_ADDRESS: DEAD,
    VPROG_COORDINATOR_FACEDET_TEACHER_ADDRESS: DEAD,
    VPROG_COORDINATOR_CLASSIFY_ADDRESS: DEAD,
    VPROG_COORDINATOR_CLASSIFY_TEACHER_ADDRESS: DEAD,
    VPROG_COORDINATOR_CALL_DEADLINE_MS: '300',
    ...over,
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'coordinator-server-'));
    coordinator = await startCoordinatorServer(parseCoordinatorConfig(env(), dir), { logger: silentLogger });
    client = createClient(distill.CoordinatorServiceService, coordinator.address);
  });
  afterEach(async () => {
    client.$close();
    await coordinator.shutdown(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects a bad plan with one field violation per problem and stores nothing', async () => {
    const bad = distill.DistillPlan.fromPartial({ targetTasks: [{ task: 'nope' }], maxGuardLoss: 3 });
    expect(await rejection(client.startRun({ plan: bad, requestId: '' }))).toEqual({ code: 'INVALID_ARGUMENT', reason: 'INVALID_PLAN', fields: ['plan.target_tasks[0].task', 'plan.max_guard_loss'] });
    expect(coordinator.store.runsIn('pending')).toEqual([]);
  });

  it('refuses a plan whose module has no configured address', async () => {
    const plan = distill.DistillPlan.fromPartial({ targetTasks: [{ task: 'gqa-shapes' }], guardTasks: ['refexp'] });
    expect(await rejection(client.startRun({ plan, requestId: '' }))).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'MODULE_NOT_CONFIGURED' });
  });

  it('answers NOT_FOUND for an unknown run and INVALID_ARGUMENT without an id', async () => {
    expect(await rejection(client.getRun({ runId: 'missing' }))).toMatchObject({ code: 'NOT_FOUND', reason: 'RUN_NOT_FOUND' });
    expect(await rejection(client.cancelRun({ runId: '' }))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await rejection(collect(client.watchRun({ runId: 'missing', afterSequence: 0 })))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('starts a run once per request id, fails it with a google.rpc.Status when the stack is unreachable, and streams its events to the end', async () => {
    const first = (await client.startRun({ plan: PLAN, requestId: 'k1' })).run!;
    expect(first.state).toBe(distill.RunState.RUN_STATE_PENDING);
    expect(first.plan?.targetTasks[0]?.modules).toHaveLength(2);
    expect((await client.startRun({ plan: PLAN, requestId: 'k1' })).run?.runId).toBe(first.runId);

    const events = await collect(client.watchRun({ runId: first.runId, afterSequence: 0 }, { deadlineMs: 20_000 }));
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => (e.event?.$case === 'stateChange' ? e.event.value.state : undefined)).filter((s) => s !== undefined)).toEqual([distill.RunState.RUN_STATE_RUNNING, distill.RunState.RUN_STATE_FAILED]);
    const run = (await client.getRun({ runId: first.runId })).run!;
    expect(run.state).toBe(distill.RunState.RUN_STATE_FAILED);
    expect(run.error?.code).toBe(14);
    expect(run.error?.details.length).toBeGreaterThan(0);

    const replay = await collect(client.watchRun({ runId: first.runId, afterSequence: 1 }));
    expect(replay.map((e) => e.sequence)).toEqual(events.slice(1).map((e) => e.sequence));
    expect(await rejection(client.cancelRun({ runId: first.runId }))).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'RUN_ENDED' });
  });

  it('cancels a running run and ends its watchers with CANCELLED', async () => {
    await coordinator.shutdown(0);
    client.$close();
    // A TCP server that accepts and never answers: the run's first call hangs until it is cancelled.
    const sockets: Array<{ destroy(): void }> = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const hung = `127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const cfg = env({ VPROG_COORDINATOR_CALL_DEADLINE_MS: '60000', VPROG_COORDINATOR_FACEDET_ADDRESS: hung, VPROG_COORDINATOR_CLASSIFY_ADDRESS: hung });
    coordinator = await startCoordinatorServer(parseCoordinatorConfig(cfg, dir), { logger: silentLogger });
    client = createClient(distill.CoordinatorServiceService, coordinator.address);
    const { run } = await client.startRun({ plan: PLAN, requestId: '' });
    const watched = collect(client.watchRun({ runId: run!.runId, afterSequence: 0 }, { deadlineMs: 20_000 }));
    await new Promise((r) => setTimeout(r, 200));
    const cancelled = (await client.cancelRun({ runId: run!.runId }, { deadlineMs: 20_000 })).run!;
    expect(cancelled.state).toBe(distill.RunState.RUN_STATE_CANCELLED);
    const events = await watched;
    expect(events.at(-1)?.event).toEqual({ $case: 'stateChange', value: { state: distill.RunState.RUN_STATE_CANCELLED } });
    for (const socket of sockets) socket.destroy();
    silent.close();
  });
});
