import type { ServiceDefinition } from '@grpc/grpc-js';
import { serviceNameOf } from '@vprog/proto-ts';
import { invalidArgument } from '../errors/error-factories';
import type { FieldViolation } from '../errors/vprog-error';
import type { AnyHandler, ClientStreamHandler, HandlerKind, ServerStreamHandler, UnaryHandler } from './handlers';

/** The handler type a generated method definition asks for, derived from its streaming flags. */
export type HandlerFor<M> = M extends {
  readonly requestStream: infer RS;
  readonly responseStream: infer SS;
  readonly requestDeserialize: (bytes: Buffer) => infer Req;
  readonly responseSerialize: (value: infer Res) => Buffer;
}
  ? RS extends true
    ? SS extends true
      ? never
      : ClientStreamHandler<Req, Res>
    : SS extends true
      ? ServerStreamHandler<Req, Res>
      : UnaryHandler<Req, Res>
  : never;

/** One handler per method of a generated service definition, each of the right shape. */
export type ServiceHandlers<D extends ServiceDefinition> = { readonly [K in keyof D]: HandlerFor<D[K]> };

/** A service ready to be added to a server: its definition, full name and handlers. */
export interface ServiceRegistration {
  /** Fully-qualified service name, e.g. `vprog.loc.v1.LocService` (health and reflection use it). */
  readonly name: string;
  readonly definition: ServiceDefinition;
  readonly handlers: Readonly<Record<string, AnyHandler>>;
}

/**
 * Pairs a generated grpc-js service definition with its handlers, type-checking each handler
 * against the method's request/response types and streaming shape.
 *
 * @throws VprogError `INVALID_ARGUMENT` when a method has no handler or one of the wrong kind
 *   (a wiring bug, found at startup rather than on the first call); Error when the definition has
 *   no method paths of the form `/<package>.<Service>/<Method>`.
 */
export function defineService<D extends ServiceDefinition>(definition: D, handlers: ServiceHandlers<D>): ServiceRegistration {
  const violations: FieldViolation[] = [];
  const table = handlers as unknown as Record<string, AnyHandler | undefined>;
  for (const [key, method] of Object.entries(definition)) {
    const expected = kindOf(method.requestStream, method.responseStream);
    const handler = table[key];
    if (expected === undefined) violations.push({ field: key, description: 'bidirectional streaming is not supported' });
    else if (handler === undefined) violations.push({ field: key, description: 'no handler' });
    else if (handler.kind !== expected) violations.push({ field: key, description: `expected a ${expected} handler, got ${handler.kind}` });
  }
  const name = serviceNameOf(definition);
  if (violations.length > 0) throw invalidArgument(`service ${name} is not fully implemented`, violations);
  return { name, definition, handlers: table as Record<string, AnyHandler> };
}

function kindOf(requestStream: boolean, responseStream: boolean): HandlerKind | undefined {
  if (requestStream && responseStream) return undefined;
  if (requestStream) return 'clientStream';
  return responseStream ? 'serverStream' : 'unary';
}
