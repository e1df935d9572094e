import type { CallContext } from './call-context';

/** The three call shapes vprog serves. Bidirectional streaming is not used by any contract. */
export type HandlerKind = 'unary' | 'serverStream' | 'clientStream';

/** A one-request, one-response method. */
export interface UnaryHandler<Req, Res> {
  readonly kind: 'unary';
  readonly fn: (request: Req, ctx: CallContext) => Promise<Res>;
}

/** A one-request, many-responses method; each yielded value is sent as one message. */
export interface ServerStreamHandler<Req, Res> {
  readonly kind: 'serverStream';
  readonly fn: (request: Req, ctx: CallContext) => AsyncIterable<Res>;
}

/** A many-requests, one-response method; the requests arrive as an async iterable. */
export interface ClientStreamHandler<Req, Res> {
  readonly kind: 'clientStream';
  readonly fn: (requests: AsyncIterable<Req>, ctx: CallContext) => Promise<Res>;
}

/** Any of the handler shapes. */
export type AnyHandler = UnaryHandler<never, unknown> | ServerStreamHandler<never, unknown> | ClientStreamHandler<never, unknown>;

/**
 * Declares a unary handler. Throw a `VprogError` (or a domain error with `code`/`reason`) to fail
 * the call; never build a gRPC status by hand.
 */
export function unary<Req, Res>(fn: (request: Req, ctx: CallContext) => Promise<Res>): UnaryHandler<Req, Res> {
  return { kind: 'unary', fn };
}

/** Declares a server-streaming handler as an async generator: `serverStream(async function* (req, ctx) { yield … })`. */
export function serverStream<Req, Res>(fn: (request: Req, ctx: CallContext) => AsyncIterable<Res>): ServerStreamHandler<Req, Res> {
  return { kind: 'serverStream', fn };
}

/** Declares a client-streaming handler: `clientStream(async (requests, ctx) => { for await (const r of requests) … })`. */
export function clientStream<Req, Res>(fn: (requests: AsyncIterable<Req>, ctx: CallContext) => Promise<Res>): ClientStreamHandler<Req, Res> {
  return { kind: 'clientStream', fn };
}
