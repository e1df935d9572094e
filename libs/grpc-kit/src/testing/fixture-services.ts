import { setTimeout as delay } from 'node:timers/promises';
import { loc, model, runner } from '@vprog/proto-ts';
import { invalidArgument, unavailable, unimplemented } from '../errors/error-factories';
import { clientStream, serverStream, unary } from '../server/handlers';
import { defineService, type ServiceRegistration } from '../server/service-registration';

/** What the fixture services observed, for tests to assert on. */
export interface FixtureRecorder {
  /** Calls per `object` phrase of Locate. */
  readonly calls: Map<string, number>;
  /** Why each aborted Locate call's signal fired, by phrase. */
  readonly aborts: Map<string, string>;
}

/** Creates an empty {@link FixtureRecorder}. */
export function createRecorder(): FixtureRecorder {
  return { calls: new Map(), aborts: new Map() };
}

/**
 * A tiny but real `vprog.loc.v1.LocService` whose behaviour is picked by the `object` phrase, so
 * tests can drive every path of the kit through the generated contract:
 * `""` → BAD_REQUEST with a field violation; `boom` → an untyped error (becomes INTERNAL);
 * `domain` → a plain domain error object; `slow:<ms>` → waits, honouring the signal;
 * `stubborn:<ms>` → waits, ignoring the signal; `flaky:<n>:<key>` → UNAVAILABLE for the first n
 * calls with that key; anything else → one box labelled with the phrase.
 */
export function locFixture(recorder: FixtureRecorder = createRecorder()): ServiceRegistration {
  return defineService(loc.LocServiceService, {
    locate: unary(async (request, ctx) => {
      const phrase = request.object;
      const count = (recorder.calls.get(phrase) ?? 0) + 1;
      recorder.calls.set(phrase, count);
      ctx.signal.addEventListener('abort', () => recorder.aborts.set(phrase, describe(ctx.signal.reason)), { once: true });
      const [verb, arg, key] = phrase.split(':');
      if (phrase === '') throw invalidArgument('object is required', [{ field: 'object', description: 'must not be empty' }]);
      if (phrase === 'boom') throw new Error('secret detail: /srv/models/loc/head.onnx is corrupt');
      if (phrase === 'domain') {
        throw { code: 'FAILED_PRECONDITION', reason: 'MODEL_NOT_READY', message: 'model is still loading', metadata: { model: 'loc' } };
      }
      if (verb === 'slow') {
        ctx.logger.log('info', 'slow call started', { ms: Number(arg) });
        await delay(Number(arg), undefined, { signal: ctx.signal });
      }
      if (verb === 'stubborn') await delay(Number(arg));
      if (verb === 'flaky' && count <= Number(arg)) throw unavailable(`flaky ${key ?? ''} attempt ${count}`);
      return {
        boxes: [{ xMin: 1, yMin: 2, xMax: 30, yMax: 40, score: 0.9, label: phrase }],
        model: { name: 'fixture-loc', version: ctx.header('x-vprog-model-version') ?? '1' },
      };
    }),
  });
}

/** A `vprog.runner.v1.RunnerService` whose Execute streams one event per step of a `n`-step program. */
export function runnerFixture(): ServiceRegistration {
  return defineService(runner.RunnerServiceService, {
    execute: serverStream(async function* (request, ctx) {
      const steps = Number(request.source?.$case === 'program' ? request.source.value : '0');
      for (let i = 0; i < steps; i++) {
        ctx.signal.throwIfAborted();
        yield runner.ExecuteResponse.fromPartial({ runId: 'run-1', event: { $case: 'stepStarted', value: { stepIndex: i, op: 'LOC', outputVar: `BOX${i}` } } });
      }
      if (request.task === 'fail-midway') throw invalidArgument('task fail-midway fails after its steps', [{ field: 'task', description: 'fails on purpose' }]);
      yield runner.ExecuteResponse.fromPartial({ runId: 'run-1', event: { $case: 'result', value: { answer: 'yes', program: '' } } });
    }),
    parse: unary(async () => {
      throw unimplemented('Parse is not part of the fixture');
    }),
  });
}

/** A `vprog.model.v1.ModelService` whose Distill counts the examples it is streamed. */
export function modelFixture(): ServiceRegistration {
  const notHere = unary(async () => {
    throw unimplemented('not part of the fixture');
  });
  return defineService(model.ModelServiceService, {
    getModelInfo: notHere,
    listVersions: notHere,
    distill: clientStream(async (requests) => {
      let examples = 0;
      for await (const request of requests) if (request.payload?.$case === 'example') examples++;
      return model.DistillResponse.fromPartial({ targetExampleCount: examples });
    }),
    activate: notHere,
    rollback: notHere,
    discard: notHere,
  });
}

function describe(reason: unknown): string {
  if (typeof reason === 'object' && reason !== null && 'code' in reason) return String((reason as { code: unknown }).code);
  return String(reason);
}
