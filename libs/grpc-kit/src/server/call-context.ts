import type { Metadata } from '@grpc/grpc-js';
import type { Logger } from '../logging/logger';

/**
 * What a handler knows about the call it serves, besides the request itself.
 *
 * Why: handlers stay free of grpc-js call objects; cancellation, deadline and logging reach them
 * in one plain shape that works the same for unary and streaming methods.
 */
export interface CallContext {
  /** Full method path, e.g. `/vprog.loc.v1.LocService/Locate`. */
  readonly method: string;
  /**
   * Aborts when the call's deadline passes (reason: a `DEADLINE_EXCEEDED` VprogError) or the
   * client cancels (reason: `CANCELLED`). Pass it to anything slow.
   */
  readonly signal: AbortSignal;
  /** The call's deadline, or undefined when the client set none. */
  readonly deadline: Date | undefined;
  /** The request metadata (headers). */
  readonly metadata: Metadata;
  /** The logger of the server, for lines that belong to this call. */
  readonly logger: Logger;
  /** The client's address as grpc-js reports it. */
  readonly peer: string;
  /** The first value of a request header, or undefined (e.g. `header('x-vprog-model-version')`). */
  header(key: string): string | undefined;
}
