import type { ChannelCredentials, ChannelOptions, Metadata } from '@grpc/grpc-js';
import type { RetryPolicy } from './retry';

/** Options of a client, fixed when it is created. */
export interface ClientOptions {
  /** Defaults to insecure (plain TCP). */
  readonly credentials?: ChannelCredentials;
  /** Deadline of a call that names none; defaults to 30 s. Every call has a deadline. */
  readonly defaultDeadlineMs?: number;
  /** Retry policy for unary calls (UNAVAILABLE only); merged over `DEFAULT_RETRY_POLICY`. */
  readonly retry?: Partial<RetryPolicy>;
  /** Largest response accepted; defaults to 16 MiB, like the servers. */
  readonly maxReceiveMessageBytes?: number;
  /** Largest request sent; defaults to 16 MiB. */
  readonly maxSendMessageBytes?: number;
  /**
   * HTTP/2 receive window of the connection, in bytes; defaults to 4 MiB, like the servers, so
   * large responses (a run's rationale page) do not wait on 64 KiB window updates.
   */
  readonly receiveWindowBytes?: number;
  /** Headers sent with every call (e.g. `authorization`). */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Raw grpc-js channel options, applied last. */
  readonly channelOptions?: ChannelOptions;
}

/** Options of one call. */
export interface CallOptions {
  /** Time budget of this call, retries included; `Infinity` for none (long streams). */
  readonly deadlineMs?: number;
  /** Absolute deadline; wins over `deadlineMs`. */
  readonly deadline?: Date;
  /** Cancels the call (and any retry wait); the call then fails with `CANCELLED`. */
  readonly signal?: AbortSignal;
  /** Extra headers for this call, e.g. `{ 'x-vprog-model-version': '3' }`. */
  readonly metadata?: Readonly<Record<string, string>> | Metadata;
  /** Overrides the client's retry policy for this call; `false` for a single attempt. */
  readonly retry?: Partial<RetryPolicy> | false;
}

/** Default call deadline when neither the client nor the call names one. */
export const DEFAULT_DEADLINE_MS = 30_000;

/** Default HTTP/2 receive window of clients and servers (`receiveWindowBytes` in the server config). */
export const DEFAULT_RECEIVE_WINDOW_BYTES = 4 * 1024 * 1024;

/** Default message size limit, matching the server default. */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
