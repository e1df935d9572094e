import { cancelled, encodeStatus, failedPrecondition, isVprogError, notFound, toVprogError, unavailable, type VprogError } from '@vprog/grpc-kit';
import { distill, rpc } from '@vprog/proto-ts';
import { discardStrays } from './candidates';
import type { RunRecord, RunStateName } from './run-store';
import { executeRun, type RunDeps } from './run-loop';

/** Ended states: nothing happens to a run after these. */
export const ENDED: readonly RunStateName[] = ['succeeded', 'failed', 'cancelled'];

const STATE_ENUM: Readonly<Record<RunStateName, distill.RunState>> = {
  pending: distill.RunState.RUN_STATE_PENDING,
  running: distill.RunState.RUN_STATE_RUNNING,
  succeeded: distill.RunState.RUN_STATE_SUCCEEDED,
  failed: distill.RunState.RUN_STATE_FAILED,
  cancelled: distill.RunState.RUN_STATE_CANCELLED,
};

/** The proto enum of a stored state. Throws nothing. */
export const runStateToProto = (state: RunStateName): distill.RunState => STATE_ENUM[state];

/** Starts, resumes and cancels runs in this process. */
export interface RunManager {
  /** Starts working on a stored run in the background (no-op when it already is). */
  start(runId: string): void;
  /** Resumes every run left PENDING or RUNNING by an earlier process. */
  resumeAll(): void;
  /**
   * Cancels a run: aborts its calls, waits for it to stop, discards its unrecorded candidates and
   * records CANCELLED. @throws VprogError NOT_FOUND; FAILED_PRECONDITION / RUN_ENDED for an ended run.
   */
  cancel(runId: string): Promise<RunRecord>;
  /** Stops every run without changing its state (they resume on the next start). */
  stop(): Promise<void>;
}

const SHUTDOWN_REASON = 'COORDINATOR_STOPPING';
/** The most a cancel or failure waits per module to discard candidates, so CancelRun answers even when a module hangs. */
const CLEANUP_DEADLINE_MS = 5_000;

/**
 * Creates the run manager. A run that throws ends FAILED with its error as a `google.rpc.Status`
 * after its unrecorded candidates are discarded, so nothing half done is left active or pending.
 * Throws nothing.
 */
export function createRunManager(deps: RunDeps): RunManager {
  const active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const { store, logger } = deps;
  const stateEvent = (state: RunStateName, error?: distill.RunStateChange['error']) => ({ task: '', module: 0, stage: distill.Stage.STAGE_UNSPECIFIED, event: { $case: 'stateChange' as const, value: { state: STATE_ENUM[state], ...(error === undefined ? {} : { error }) } } });
  const cleanup = async (runId: string, reason: string) => {
    const run = store.getRun(runId);
    const modules = [...new Set(run?.plan.targets.flatMap((t) => t.modules) ?? [])];
    const deadlineMs = Math.min(deps.config.callDeadlineMs, CLEANUP_DEADLINE_MS);
    await Promise.all(
      modules.map(async (module) => {
        try {
          await discardStrays(deps.clients.get(module).student, runId, reason, { deadlineMs });
        } catch (error) {
          logger.log('warn', 'could not discard the candidates of an ended run', { runId, module, error: String(error) });
        }
      }),
    );
  };
  const work = async (runId: string, controller: AbortController) => {
    try {
      if (store.getRun(runId)?.state === 'pending') store.setState(runId, 'running', { events: [stateEvent('running')] });
      await executeRun(deps, runId, controller.signal);
      store.setState(runId, 'succeeded', { events: [stateEvent('succeeded')] });
      logger.log('info', 'run succeeded', { runId });
    } catch (thrown) {
      const reason = controller.signal.reason as VprogError | undefined;
      if (controller.signal.aborted && isVprogError(reason) && reason.reason === SHUTDOWN_REASON) return;
      if (controller.signal.aborted) throw thrown;
      const error = toVprogError(thrown);
      logger.log('error', 'run failed', { runId, code: error.code, reason: error.reason, message: error.message });
      await cleanup(runId, `run ${runId} failed: ${error.message}`);
      const status = encodeStatus(error);
      store.setState(runId, 'failed', { error: status, events: [stateEvent('failed', distillStatus(status))] });
    }
  };
  const start = (runId: string) => {
    if (active.has(runId)) return;
    const controller = new AbortController();
    const done = work(runId, controller).finally(() => active.delete(runId));
    done.catch(() => undefined);
    active.set(runId, { controller, done });
  };
  return {
    start,
    resumeAll() {
      for (const run of [...store.runsIn('running'), ...store.runsIn('pending')]) {
        logger.log('info', 'resuming run', { runId: run.runId, state: run.state });
        start(run.runId);
      }
    },
    async cancel(runId) {
      const run = store.getRun(runId);
      if (run === undefined) throw notFound(`no run ${runId}`, { reason: 'RUN_NOT_FOUND', metadata: { runId } });
      if (ENDED.includes(run.state)) throw failedPrecondition(`run ${runId} has already ended (${run.state})`, { reason: 'RUN_ENDED', metadata: { runId, state: run.state } });
      const entry = active.get(runId);
      if (entry !== undefined) {
        entry.controller.abort(cancelled(`run ${runId} was cancelled`, { reason: 'RUN_CANCELLED' }));
        await entry.done.catch(() => undefined);
      }
      const now = store.getRun(runId) as RunRecord;
      if (ENDED.includes(now.state)) return now;
      await cleanup(runId, `run ${runId} was cancelled`);
      store.setState(runId, 'cancelled', { events: [stateEvent('cancelled')] });
      return store.getRun(runId) as RunRecord;
    },
    async stop() {
      for (const { controller } of active.values()) controller.abort(unavailable('the coordinator is stopping', { reason: SHUTDOWN_REASON }));
      await Promise.all([...active.values()].map((a) => a.done.catch(() => undefined)));
    },
  };
}

/** A binary `google.rpc.Status` (from `encodeStatus`) as the message the run protos carry. @throws Error for bytes that are not a Status. */
export function distillStatus(bytes: Uint8Array): rpc.Status {
  return rpc.Status.decode(bytes);
}
