import { once } from 'node:events';
import type { Client, Metadata, MethodDefinition } from '@grpc/grpc-js';
import { cancelled } from '../errors/error-factories';
import { fromServiceError, isServiceErrorLike } from '../errors/service-error';
import { toVprogError } from '../errors/to-vprog-error';
import type { VprogError } from '../errors/vprog-error';

/** One resolved call: where to send it, with what headers, until when, cancellable by what. */
export interface CallPlan {
  readonly client: Client;
  readonly method: MethodDefinition<unknown, unknown>;
  readonly metadata: Metadata;
  readonly deadline: Date | number;
  readonly signal?: AbortSignal;
}

/**
 * One attempt of a unary call.
 *
 * @throws VprogError the server's typed error, or `CANCELLED` when the signal aborts.
 */
export function unaryOnce(plan: CallPlan, request: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (plan.signal?.aborted === true) {
      reject(cancelled('call cancelled before it started'));
      return;
    }
    const onAbort = (): void => call.cancel();
    const { path, requestSerialize, responseDeserialize } = plan.method;
    const call = plan.client.makeUnaryRequest(path, requestSerialize, responseDeserialize, request, plan.metadata.clone(), { deadline: plan.deadline }, (error, response) => {
      plan.signal?.removeEventListener('abort', onAbort);
      if (error !== null) reject(fromServiceError(error));
      else resolve(response);
    });
    plan.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A server-streaming call as an async iterable; breaking out of the loop cancels the call.
 *
 * @throws VprogError from the iteration, when the call fails.
 */
export async function* serverStreamCall(plan: CallPlan, request: unknown): AsyncGenerator<unknown, void, undefined> {
  if (plan.signal?.aborted === true) throw cancelled('call cancelled before it started');
  const { path, requestSerialize, responseDeserialize } = plan.method;
  const call = plan.client.makeServerStreamRequest(path, requestSerialize, responseDeserialize, request, plan.metadata.clone(), { deadline: plan.deadline });
  const onAbort = (): void => call.cancel();
  plan.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const message of call) yield message;
  } catch (thrown) {
    throw isServiceErrorLike(thrown) ? fromServiceError(thrown) : toVprogError(thrown);
  } finally {
    plan.signal?.removeEventListener('abort', onAbort);
    call.cancel();
  }
}

/**
 * A client-streaming call: sends every request (respecting back-pressure), then waits for the answer.
 *
 * @throws VprogError the server's typed error; the error thrown by `requests` itself if it fails
 *   (the call is then cancelled); `CANCELLED` when the signal aborts.
 */
export function clientStreamCall(plan: CallPlan, requests: AsyncIterable<unknown> | Iterable<unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (plan.signal?.aborted === true) {
      reject(cancelled('call cancelled before it started'));
      return;
    }
    let sourceError: VprogError | undefined;
    const finished = new AbortController();
    const onAbort = (): void => call.cancel();
    const { path, requestSerialize, responseDeserialize } = plan.method;
    const call = plan.client.makeClientStreamRequest(path, requestSerialize, responseDeserialize, plan.metadata.clone(), { deadline: plan.deadline }, (error, response) => {
      plan.signal?.removeEventListener('abort', onAbort);
      finished.abort();
      if (sourceError !== undefined) reject(sourceError);
      else if (error !== null) reject(fromServiceError(error));
      else resolve(response);
    });
    plan.signal?.addEventListener('abort', onAbort, { once: true });
    const pump = async (): Promise<void> => {
      for await (const request of requests) {
        if (finished.signal.aborted) return;
        if (!call.write(request)) await once(call, 'drain', { signal: finished.signal });
      }
      call.end();
    };
    pump().catch((error: unknown) => {
      if (finished.signal.aborted) return;
      sourceError = toVprogError(error);
      call.cancel();
    });
  });
}
