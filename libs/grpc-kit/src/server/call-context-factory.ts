import type { Metadata } from '@grpc/grpc-js';
import { cancelled, deadlineExceeded } from '../errors/error-factories';
import type { VprogError } from '../errors/vprog-error';
import type { Logger } from '../logging/logger';
import type { CallContext } from './call-context';
import type { HandlerKind } from './handlers';
import type { CallInfo } from './interceptor';

/**
 * A cancellation that arrives this close to the deadline is the client's own deadline timer
 * firing (its clock started before the server's), so it is reported as `DEADLINE_EXCEEDED`.
 */
const DEADLINE_SLACK_MS = 200;

/** The parts of a grpc-js server call that a context is built from. */
export interface ServerCallLike {
  readonly metadata: Metadata;
  getDeadline(): Date | number;
  getPeer(): string;
  on(event: 'cancelled', listener: () => void): unknown;
}

/** A {@link CallInfo} as the server adapters hold it. */
export interface ServerCallInfo extends CallInfo {
  /** The handler has settled: a cancellation grpc-js reports from now on changes nothing. */
  finish(): void;
}

/**
 * Builds the {@link CallInfo} (and its {@link CallContext}) for one incoming call. The signal aborts
 * when grpc-js reports the call cancelled before the handler settled: with `DEADLINE_EXCEEDED`
 * when the deadline has passed (or is less than 200 ms away: the client's timer fired), otherwise
 * with `CANCELLED`. grpc-js also reports the stream's close after a finished call as a
 * cancellation; that one is ignored, so no error is built for a call that succeeded.
 */
export function createCallInfo(call: ServerCallLike, method: string, service: string, kind: HandlerKind, logger: Logger): ServerCallInfo {
  const controller = new AbortController();
  let finished = false;
  const abort = (reason: VprogError): void => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const deadline = toDeadline(call.getDeadline());
  call.on('cancelled', () => {
    if (finished) return;
    const late = deadline !== undefined && deadline.getTime() - DEADLINE_SLACK_MS <= Date.now();
    abort(late ? deadlineExceeded(`deadline of ${method} exceeded`) : cancelled(`${method} cancelled by the client`));
  });
  const ctx: CallContext = {
    method,
    signal: controller.signal,
    deadline,
    metadata: call.metadata,
    logger,
    peer: safePeer(call),
    header(key) {
      const value = call.metadata.get(key)[0];
      return value === undefined ? undefined : value.toString();
    },
  };
  return {
    method,
    service,
    kind,
    ctx,
    abort,
    finish: () => {
      finished = true;
    },
  };
}

function toDeadline(value: Date | number): Date | undefined {
  const ms = value instanceof Date ? value.getTime() : value;
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

function safePeer(call: ServerCallLike): string {
  try {
    return call.getPeer();
  } catch {
    return 'unknown';
  }
}
