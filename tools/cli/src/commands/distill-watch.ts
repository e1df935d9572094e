import { createClient, isVprogError, type VprogClient } from '@vprog/grpc-kit';
import { common, distill } from '@vprog/proto-ts';
import type { Progress } from './progress';
import type { StudyComparison, StudyDecision } from './study-result';

/**
 * One coordinator run as the study drives it: start it, follow its event stream (WatchRun) into
 * the progress display — resuming the stream from the last sequence number if the connection
 * drops — and return the ended run with its gate decisions in the study's terms.
 */

/** The coordinator's client. */
export type CoordinatorClient = VprogClient<typeof distill.CoordinatorServiceService>;

/** Connects to a coordinator. */
export function createCoordinatorClient(address: string): CoordinatorClient {
  return createClient(distill.CoordinatorServiceService, address, { defaultDeadlineMs: 30_000 });
}

/** `MODULE_LOC` → `loc`. */
export function moduleName(module: common.Module): string {
  return common.moduleToJSON(module).replace(/^MODULE_/, '').toLowerCase();
}

const STAGE_LABELS: Readonly<Partial<Record<distill.Stage, string>>> = {
  [distill.Stage.STAGE_COLLECT]: 'collect',
  [distill.Stage.STAGE_LABEL]: 'label',
  [distill.Stage.STAGE_ANCHOR]: 'anchor',
  [distill.Stage.STAGE_TRAIN]: 'train',
  [distill.Stage.STAGE_GATE]: 'gate',
  [distill.Stage.STAGE_PROMOTE]: 'promote',
};

const ENDED = new Set([distill.RunState.RUN_STATE_SUCCEEDED, distill.RunState.RUN_STATE_FAILED, distill.RunState.RUN_STATE_CANCELLED]);

function comparison(c: distill.MetricComparison): StudyComparison {
  return { task: c.task, metric: c.metric, before: c.before, after: c.after, n: c.sampleCount, computed: c.computed, passed: c.passed };
}

/** A run's outcomes as study decisions. */
export function decisionsOf(arm: StudyDecision['arm'], run: distill.Run): StudyDecision[] {
  return run.outcomes.map((o) => {
    const d = o.decision;
    return {
      arm,
      runId: run.runId,
      task: o.task,
      module: moduleName(o.module),
      promoted: d?.promoted ?? false,
      candidateVersion: d?.candidateVersion ?? '',
      wiseFtAlpha: d?.wiseFtAlpha ?? 0,
      reason: d?.reason ?? '',
      ...(d?.target !== undefined ? { target: comparison(d.target) } : {}),
      guards: (d?.guards ?? []).map(comparison),
    };
  });
}

/** Options of {@link runAndWatch}. */
export interface RunAndWatchOptions {
  readonly client: CoordinatorClient;
  readonly plan: distill.DistillPlan;
  /** Makes StartRun safe to retry. */
  readonly requestId: string;
  /** Prefix of the progress labels, e.g. `sdvp 2/3`. */
  readonly label: string;
  readonly progress: Progress;
}

/**
 * Starts a run and follows it to its end.
 * @throws Error when the run fails or is cancelled (with the coordinator's reason), and the
 *   coordinator's typed error when it refuses the plan or stays unreachable.
 */
export async function runAndWatch(options: RunAndWatchOptions): Promise<distill.Run> {
  const { client, progress } = options;
  const started = await client.startRun({ plan: options.plan, requestId: options.requestId });
  const runId = started.run?.runId ?? '';
  let after = 0;
  let ended = false;
  for (let attempt = 0; !ended; attempt++) {
    try {
      for await (const event of client.watchRun({ runId, afterSequence: after }, { deadlineMs: Number.POSITIVE_INFINITY })) {
        after = event.sequence;
        ended = show(event, options) || ended;
      }
      if (!ended) ended = ENDED.has((await client.getRun({ runId })).run?.state ?? distill.RunState.RUN_STATE_UNSPECIFIED);
    } catch (error) {
      if (!isVprogError(error) || error.code !== 'UNAVAILABLE' || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
  progress.finish();
  const run = (await client.getRun({ runId })).run;
  if (run === undefined) throw new Error(`the coordinator returned no run for ${runId}`);
  if (run.state !== distill.RunState.RUN_STATE_SUCCEEDED) {
    const why = run.error?.message ?? 'no reason given';
    throw new Error(`distillation run ${runId} (${options.label}) ended ${distill.runStateToJSON(run.state).replace(/^RUN_STATE_/, '')}: ${why}`);
  }
  return run;
}

/** Shows one event; true when it ends the run. */
function show(event: distill.WatchRunResponse, options: RunAndWatchOptions): boolean {
  const where = `${options.label} ${event.task} ${event.module === common.Module.MODULE_UNSPECIFIED ? '' : moduleName(event.module)}`.trim();
  const stage = STAGE_LABELS[event.stage] ?? '';
  const e = event.event;
  switch (e?.$case) {
    case 'progress':
      options.progress.update(`${where} ${stage}`, e.value.done, e.value.total);
      return false;
    case 'loss':
      options.progress.update(`${where} train (loss ${e.value.loss.toFixed(4)})`, e.value.epoch, options.plan.epochs);
      return false;
    case 'gate': {
      const g = e.value;
      options.progress.note(`  ${where}: ${g.promoted ? 'promoted' : 'rolled back'} ${g.candidateVersion} (α ${g.wiseFtAlpha.toFixed(2)})${g.reason === '' ? '' : ` — ${g.reason}`}`);
      return false;
    }
    case 'stateChange':
      return ENDED.has(e.value.state);
    default:
      return false;
  }
}
