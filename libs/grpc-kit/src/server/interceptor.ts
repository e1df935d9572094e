import type { VprogError } from '../errors/vprog-error';
import type { CallContext } from './call-context';
import type { HandlerKind } from './handlers';

/** What an interceptor sees of a call. */
export interface CallInfo {
  /** Full method path, e.g. `/vprog.loc.v1.LocService/Locate`. */
  readonly method: string;
  /** Fully-qualified service name. */
  readonly service: string;
  readonly kind: HandlerKind;
  readonly ctx: CallContext;
  /** Aborts `ctx.signal` with the given reason (used by the deadline interceptor). */
  abort(reason: VprogError): void;
}

/**
 * Runs the rest of the chain: resolves with the response (unary, client-streaming) or with
 * undefined once every message was sent (server-streaming); rejects with what went wrong.
 */
export type Invoke = (info: CallInfo) => Promise<unknown>;

/** One cross-cutting concern wrapped around every handler: `(next) => (info) => …`. */
export type ServerInterceptor = (next: Invoke) => Invoke;

/** Wraps `terminal` so that the first interceptor is the outermost. */
export function composeInterceptors(interceptors: readonly ServerInterceptor[], terminal: Invoke): Invoke {
  return interceptors.reduceRight<Invoke>((next, interceptor) => interceptor(next), terminal);
}
