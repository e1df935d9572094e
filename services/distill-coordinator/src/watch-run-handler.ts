import { serverStream, type ServerStreamHandler } from '@vprog/grpc-kit';
import { distill } from '@vprog/proto-ts';
import { requireRun } from './get-run-handler';
import { ENDED } from './run-manager';
import type { RunStore, StoredEvent } from './run-store';

const ENDED_STATES: readonly distill.RunState[] = [distill.RunState.RUN_STATE_SUCCEEDED, distill.RunState.RUN_STATE_FAILED, distill.RunState.RUN_STATE_CANCELLED];

/** True for the event that ends a run's stream. Throws nothing. */
export const isFinalEvent = (e: StoredEvent): boolean => e.event?.$case === 'stateChange' && ENDED_STATES.includes(e.event.value.state);

/**
 * `WatchRun`: the run's stored events after `after_sequence`, then live ones as they are committed,
 * in sequence order without gaps or repeats, until the event that ends the run; a watch of an ended
 * run replays and completes. Cancelling the call stops the stream.
 * @throws VprogError INVALID_ARGUMENT, NOT_FOUND (see `requireRun`); CANCELLED when the client leaves.
 */
export function watchRunHandler(store: RunStore): ServerStreamHandler<distill.WatchRunRequest, distill.WatchRunResponse> {
  return serverStream(async function* (request, ctx) {
    const run = requireRun(store, request.runId);
    const queue: StoredEvent[] = [];
    let wake: (() => void) | undefined;
    const unsubscribe = store.onEvent((e) => {
      if (e.runId !== run.runId) return;
      queue.push(e);
      wake?.();
    });
    const onAbort = () => wake?.();
    ctx.signal.addEventListener('abort', onAbort);
    try {
      let last = request.afterSequence;
      for (const e of store.eventsAfter(run.runId, last)) {
        last = e.sequence;
        yield e;
        if (isFinalEvent(e)) return;
      }
      if (ENDED.includes(store.getRun(run.runId)?.state ?? 'pending') && queue.every((e) => e.sequence <= last)) return;
      for (;;) {
        while (queue.length > 0) {
          const e = queue.shift() as StoredEvent;
          if (e.sequence <= last) continue;
          last = e.sequence;
          yield e;
          if (isFinalEvent(e)) return;
        }
        if (ctx.signal.aborted) throw ctx.signal.reason;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      unsubscribe();
      ctx.signal.removeEventListener('abort', onAbort);
    }
  });
}
