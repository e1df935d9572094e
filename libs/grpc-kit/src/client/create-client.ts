import { Client, credentials as grpcCredentials, Metadata, type MethodDefinition, type ServiceDefinition } from '@grpc/grpc-js';
import { unavailable } from '../errors/error-factories';
import { clientStreamCall, serverStreamCall, unaryOnce, type CallPlan } from './client-calls';
import { DEFAULT_DEADLINE_MS, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_RECEIVE_WINDOW_BYTES, type CallOptions, type ClientOptions } from './client-options';
import { DEFAULT_RETRY_POLICY, retryUnavailable, type RetryPolicy } from './retry';

/** The promise-based method a generated method definition becomes on a {@link VprogClient}. */
export type ClientMethod<M> = M extends {
  readonly requestStream: infer RS;
  readonly responseStream: infer SS;
  readonly requestSerialize: (value: infer Req) => Buffer;
  readonly responseDeserialize: (bytes: Buffer) => infer Res;
}
  ? RS extends true
    ? SS extends true
      ? never
      : (requests: AsyncIterable<Req> | Iterable<Req>, options?: CallOptions) => Promise<Res>
    : SS extends true
      ? (request: Req, options?: CallOptions) => AsyncIterable<Res>
      : (request: Req, options?: CallOptions) => Promise<Res>
  : never;

/**
 * A typed client: one promise (or async-iterable) method per RPC, each with a deadline, retries
 * on UNAVAILABLE (unary only), AbortSignal support and failures as `VprogError`. `$`-prefixed
 * members cannot clash with generated method names (which are lowerCamelCase).
 */
export type VprogClient<D extends ServiceDefinition> = { readonly [K in keyof D]: ClientMethod<D[K]> } & {
  /** The underlying grpc-js client. */
  readonly $grpc: Client;
  /** Closes the channel. */
  $close(): void;
  /** Resolves once connected. @throws VprogError `UNAVAILABLE` when not connected by the deadline. */
  $waitForReady(deadlineMs?: number): Promise<void>;
};

/**
 * Creates a typed client from a generated client constructor (e.g. `LocServiceClient`) or its
 * service definition (`LocServiceService`).
 *
 * Unary calls are retried on UNAVAILABLE only, within the deadline; streaming calls are not
 * retried (their requests or side effects cannot be replayed safely).
 */
export function createClient<D extends ServiceDefinition>(service: { readonly service: D } | D, address: string, options: ClientOptions = {}): VprogClient<D> {
  const definition: ServiceDefinition = typeof service === 'function' ? (service as { service: D }).service : (service as D);
  const client = new Client(address, options.credentials ?? grpcCredentials.createInsecure(), {
    'grpc.max_receive_message_length': options.maxReceiveMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': options.maxSendMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    'grpc-node.flow_control_window': options.receiveWindowBytes ?? DEFAULT_RECEIVE_WINDOW_BYTES,
    ...options.channelOptions,
  });
  const methods: Record<string, unknown> = {};
  for (const [key, method] of Object.entries(definition)) {
    methods[key] = bindMethod(client, method as MethodDefinition<unknown, unknown>, options);
  }
  return Object.assign(methods, {
    $grpc: client,
    $close: () => client.close(),
    $waitForReady: (deadlineMs = options.defaultDeadlineMs ?? DEFAULT_DEADLINE_MS) =>
      new Promise<void>((resolve, reject) => {
        client.waitForReady(Date.now() + deadlineMs, (error) => (error === undefined || error === null ? resolve() : reject(unavailable(`${address} not ready: ${error.message}`, { cause: error }))));
      }),
  }) as VprogClient<D>;
}

function bindMethod(client: Client, method: MethodDefinition<unknown, unknown>, options: ClientOptions): (input: unknown, callOptions?: CallOptions) => unknown {
  const plan = (callOptions: CallOptions = {}): CallPlan => ({
    client,
    method,
    metadata: mergeMetadata(options.metadata, callOptions.metadata),
    deadline: callOptions.deadline ?? Date.now() + (callOptions.deadlineMs ?? options.defaultDeadlineMs ?? DEFAULT_DEADLINE_MS),
    ...(callOptions.signal === undefined ? {} : { signal: callOptions.signal }),
  });
  if (method.requestStream) return (requests, callOptions) => clientStreamCall(plan(callOptions), requests as AsyncIterable<unknown>);
  if (method.responseStream) return (request, callOptions) => serverStreamCall(plan(callOptions), request);
  return (request, callOptions = {}) => {
    const resolved = plan(callOptions);
    const policy: RetryPolicy = callOptions.retry === false ? { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 } : { ...DEFAULT_RETRY_POLICY, ...options.retry, ...callOptions.retry };
    const deadline = typeof resolved.deadline === 'number' ? new Date(resolved.deadline) : resolved.deadline;
    return retryUnavailable(() => unaryOnce(resolved, request), {
      policy,
      ...(Number.isFinite(deadline.getTime()) ? { deadline } : {}),
      ...(callOptions.signal === undefined ? {} : { signal: callOptions.signal }),
    });
  };
}

function mergeMetadata(base: Readonly<Record<string, string>> | undefined, extra: CallOptions['metadata']): Metadata {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(base ?? {})) metadata.set(key, value);
  if (extra instanceof Metadata) metadata.merge(extra);
  else for (const [key, value] of Object.entries(extra ?? {})) metadata.set(key, value);
  return metadata;
}
