import { loc, runner } from '@vprog/proto-ts';
import { isVprogError } from '../errors/vprog-error';
import { serverStream, unary, type UnaryHandler } from './handlers';
import { defineService, type ServiceHandlers } from './service-registration';

describe('defineService', () => {
  it('takes the service name from the generated definition', () => {
    const registration = defineService(loc.LocServiceService, { locate: unary(async () => ({ boxes: [] })) });
    expect(registration.name).toBe('vprog.loc.v1.LocService');
  });

  it('refuses, at startup, a handler of the wrong shape and a missing handler', () => {
    const wrong = { execute: unary(async () => ({ runId: '' })) } as unknown as ServiceHandlers<typeof runner.RunnerServiceService>;
    let thrown: unknown;
    try {
      defineService(runner.RunnerServiceService, wrong);
    } catch (error) {
      thrown = error;
    }
    expect(isVprogError(thrown) && thrown.fieldViolations).toEqual([
      { field: 'execute', description: 'expected a serverStream handler, got unary' },
      { field: 'parse', description: 'no handler' },
    ]);
  });

  it('type-checks handlers against the generated request and response types', () => {
    const handlers: ServiceHandlers<typeof runner.RunnerServiceService> = {
      // @ts-expect-error Execute is server-streaming, a unary handler does not fit
      execute: unary(async () => ({ runId: '' })),
      parse: unary(async (request) => ({ steps: [], issues: [], echoed: request.program.length }) as runner.ParseResponse),
    };
    const locate: UnaryHandler<loc.LocateRequest, loc.LocateResponse> = unary(async (request) => {
      // @ts-expect-error LocateRequest has no field `phrase`
      void request.phrase;
      return { boxes: [] };
    });
    expect(Object.keys(handlers)).toEqual(['execute', 'parse']);
    expect(locate.kind).toBe('unary');
    expect(serverStream(async function* () {}).kind).toBe('serverStream');
  });
});
