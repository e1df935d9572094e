import { once } from 'node:events';
import type {
  handleClientStreamingCall,
  handleServerStreamingCall,
  handleUnaryCall,
  ServerWritableStream,
  UntypedHandleCall,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { toStatusObject } from '../errors/service-error';
import { toVprogError } from '../errors/to-vprog-error';
import type { Logger } from '../logging/logger';
import { createCallInfo, type ServerCallInfo } from './call-context-factory';
import type { AnyHandler, ClientStreamHandler, ServerStreamHandler, UnaryHandler } from './handlers';
import { composeInterceptors, type Invoke, type ServerInterceptor } from './interceptor';
import type { ServiceRegistration } from './service-registration';

/**
 * Turns a registration into the grpc-js implementation object: every method runs through the
 * same interceptor chain, and every outcome leaves through the same two exits (a response or a
 * mapped status). This is the one place grpc-js call objects are touched on the server.
 */
export function adaptService(registration: ServiceRegistration, interceptors: readonly ServerInterceptor[], logger: Logger): UntypedServiceImplementation {
  const implementation: UntypedServiceImplementation = {};
  for (const [key, method] of Object.entries(registration.definition)) {
    const handler = registration.handlers[key];
    if (handler === undefined) continue;
    implementation[key] = adaptHandler(handler, method.path, registration.name, interceptors, logger);
  }
  return implementation;
}

function adaptHandler(handler: AnyHandler, path: string, service: string, interceptors: readonly ServerInterceptor[], logger: Logger): UntypedHandleCall {
  switch (handler.kind) {
    case 'unary':
      return adaptUnary(handler as UnaryHandler<unknown, unknown>, path, service, interceptors, logger);
    case 'serverStream':
      return adaptServerStream(handler as ServerStreamHandler<unknown, unknown>, path, service, interceptors, logger);
    case 'clientStream':
      return adaptClientStream(handler as ClientStreamHandler<unknown, unknown>, path, service, interceptors, logger);
  }
}

function adaptUnary(handler: UnaryHandler<unknown, unknown>, path: string, service: string, interceptors: readonly ServerInterceptor[], logger: Logger): handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    const info = createCallInfo(call, path, service, 'unary', logger);
    const invoke = composeInterceptors(interceptors, () => handler.fn(call.request, info.ctx));
    settle(invoke, info).then(
      (response) => callback(null, response),
      (error: unknown) => callback(toStatusObject(toVprogError(error))),
    );
  };
}

function adaptClientStream(handler: ClientStreamHandler<unknown, unknown>, path: string, service: string, interceptors: readonly ServerInterceptor[], logger: Logger): handleClientStreamingCall<unknown, unknown> {
  return (call, callback) => {
    const info = createCallInfo(call, path, service, 'clientStream', logger);
    const invoke = composeInterceptors(interceptors, () => handler.fn(call as AsyncIterable<unknown>, info.ctx));
    settle(invoke, info).then(
      (response) => callback(null, response),
      (error: unknown) => callback(toStatusObject(toVprogError(error))),
    );
  };
}

function adaptServerStream(handler: ServerStreamHandler<unknown, unknown>, path: string, service: string, interceptors: readonly ServerInterceptor[], logger: Logger): handleServerStreamingCall<unknown, unknown> {
  return (call) => {
    const info = createCallInfo(call, path, service, 'serverStream', logger);
    const invoke = composeInterceptors(interceptors, async () => {
      for await (const message of handler.fn(call.request, info.ctx)) {
        info.ctx.signal.throwIfAborted();
        await write(call, message, info.ctx.signal);
      }
      return undefined;
    });
    settle(invoke, info).then(
      () => call.end(),
      (error: unknown) => call.emit('error', toStatusObject(toVprogError(error))),
    );
  };
}

/**
 * Runs the interceptor chain and marks the call finished once it settles, before the response or
 * status goes out: the stream's close that grpc-js then reports is not a cancellation.
 */
function settle(invoke: Invoke, info: ServerCallInfo): Promise<unknown> {
  return invoke(info).finally(info.finish);
}

/** Writes one message, waiting for the stream to drain when its buffer is full. */
async function write(call: ServerWritableStream<unknown, unknown>, message: unknown, signal: AbortSignal): Promise<void> {
  if (call.write(message)) return;
  await once(call, 'drain', { signal });
}
