import { connect } from 'node:http2';
import { credentials, type ServiceError } from '@grpc/grpc-js';
import { loc, model, runner } from '@vprog/proto-ts';
import { createClient, type VprogClient } from '../client/create-client';
import { decodeStatusDetails } from '../errors/service-error';
import { isVprogError, type VprogError } from '../errors/vprog-error';
import type { Logger, LogFields } from '../logging/logger';
import { createRecorder, locFixture, modelFixture, runnerFixture, type FixtureRecorder } from '../testing/fixture-services';
import { checkHealth, listServicesByReflection } from '../testing/probe-clients';
import { waitFor } from '../testing/wait-for';
import { startServer, type RunningServer } from './create-server';

interface LogLine extends LogFields {
  readonly level: string;
  readonly msg: string;
}

function memoryLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return { lines, log: (level, msg, fields) => lines.push({ level, msg, ...fields }) };
}

async function failure(promise: Promise<unknown>): Promise<VprogError> {
  try {
    await promise;
  } catch (error) {
    if (isVprogError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('a grpc-kit server with the real LocService, RunnerService and ModelService definitions', () => {
  let server: RunningServer;
  let recorder: FixtureRecorder;
  let logger: ReturnType<typeof memoryLogger>;
  let client: VprogClient<typeof loc.LocServiceService>;

  beforeAll(async () => {
    recorder = createRecorder();
    logger = memoryLogger();
    server = await startServer({ host: '127.0.0.1', port: 0, shutdownGraceMs: 1000 }, [locFixture(recorder), runnerFixture(), modelFixture()], { logger });
    client = createClient(loc.LocServiceClient, server.address, { defaultDeadlineMs: 5000, retry: { initialBackoffMs: 10, maxBackoffMs: 20 } });
  });

  afterAll(async () => {
    client.$close();
    await server.shutdown();
  });

  it('binds the port the OS picked and reports a dialable address', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.address).toBe(`127.0.0.1:${server.port}`);
  });

  it('reports NOT_SERVING through grpc.health.v1 until the service says its models are loaded, then SERVING', async () => {
    await expect(checkHealth(server.address, '')).resolves.toBe('NOT_SERVING');
    await expect(checkHealth(server.address, 'vprog.loc.v1.LocService')).resolves.toBe('NOT_SERVING');
    server.health.setServing('vprog.loc.v1.LocService');
    await expect(checkHealth(server.address, 'vprog.loc.v1.LocService')).resolves.toBe('SERVING');
    await expect(checkHealth(server.address, '')).resolves.toBe('NOT_SERVING');
    server.health.setServing();
    await expect(checkHealth(server.address, '')).resolves.toBe('SERVING');
    await expect(checkHealth(server.address, 'vprog.runner.v1.RunnerService')).resolves.toBe('SERVING');
  });

  it('lists the registered services and health through server reflection', async () => {
    const services = await listServicesByReflection(server.address);
    expect(services).toEqual(
      expect.arrayContaining(['vprog.loc.v1.LocService', 'vprog.runner.v1.RunnerService', 'vprog.model.v1.ModelService', 'grpc.health.v1.Health']),
    );
    expect(services).not.toContain('vprog.vqa.v1.VqaService');
  });

  it('answers a unary call and passes request metadata to the handler', async () => {
    const response = await client.locate({ object: 'red circle', maxBoxes: 1 }, { metadata: { 'x-vprog-model-version': '7' } });
    expect(response.boxes).toEqual([expect.objectContaining({ label: 'red circle', xMax: 30 })]);
    expect(response.model).toEqual({ name: 'fixture-loc', version: '7' });
  });

  it('sends a thrown typed error as a google.rpc.Status the generated grpc-js client can decode', async () => {
    const raw = new loc.LocServiceClient(server.address, credentials.createInsecure());
    const error = await new Promise<ServiceError>((resolve) => raw.locate({ object: '', maxBoxes: 0 }, (err) => resolve(err as ServiceError)));
    raw.close();
    expect(error.code).toBe(3);
    expect(error.metadata.get('grpc-status-details-bin')).toHaveLength(1);
    expect(decodeStatusDetails(error.metadata)).toEqual({
      code: 'INVALID_ARGUMENT',
      message: 'object is required',
      reason: 'BAD_REQUEST',
      domain: 'vprog.dev',
      metadata: {},
      fieldViolations: [{ field: 'object', description: 'must not be empty' }],
    });
  });

  it('gives the kit client a VprogError with the code, reason and field violations, and does not retry it', async () => {
    recorder.calls.delete('');
    const error = await failure(client.locate({ object: '', maxBoxes: 0 }));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'BAD_REQUEST', message: 'object is required' });
    expect(error.fieldViolations).toEqual([{ field: 'object', description: 'must not be empty' }]);
    expect(recorder.calls.get('')).toBe(1);
  });

  it('maps a plain domain error object by its code and reason', async () => {
    const error = await failure(client.locate({ object: 'domain', maxBoxes: 0 }));
    expect(error).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'MODEL_NOT_READY', message: 'model is still loading', metadata: { model: 'loc' } });
  });

  it('turns an untyped error into INTERNAL without sending its message, and logs the stack on the server', async () => {
    const error = await failure(client.locate({ object: 'boom', maxBoxes: 0 }));
    expect(error).toMatchObject({ code: 'INTERNAL', reason: 'INTERNAL', message: 'internal error' });
    expect(JSON.stringify(error.toJSON())).not.toContain('secret');
    const logged = logger.lines.find((l) => l.msg === 'handler failed');
    expect(JSON.stringify(logged)).toContain('secret detail');
  });

  it('ends a call that outlives its deadline with DEADLINE_EXCEEDED and aborts the handler signal', async () => {
    const error = await failure(client.locate({ object: 'slow:3000', maxBoxes: 0 }, { deadlineMs: 200 }));
    expect(error.code).toBe('DEADLINE_EXCEEDED');
    await waitFor(() => recorder.aborts.has('slow:3000'), 3000);
    expect(recorder.aborts.get('slow:3000')).toBe('DEADLINE_EXCEEDED');
  });

  it('ends the call on the server at its deadline even when the handler ignores the signal', async () => {
    const deadlineLines = (): LogLine[] => logger.lines.filter((l) => l.msg === 'rpc' && l.code === 'DEADLINE_EXCEEDED');
    const before = deadlineLines().length;
    await failure(client.locate({ object: 'stubborn:900', maxBoxes: 0 }, { deadlineMs: 200 }));
    await waitFor(() => deadlineLines().length > before, 2000);
    expect(Number(deadlineLines()[before]?.durationMs)).toBeLessThan(700);
  });

  it('cancels the call when the client aborts its signal, and the handler sees CANCELLED', async () => {
    const controller = new AbortController();
    const pending = failure(client.locate({ object: 'slow:2000', maxBoxes: 0 }, { signal: controller.signal }));
    await waitFor(() => recorder.calls.has('slow:2000'), 3000);
    controller.abort();
    expect((await pending).code).toBe('CANCELLED');
    await waitFor(() => recorder.aborts.has('slow:2000'), 3000);
    expect(recorder.aborts.get('slow:2000')).toBe('CANCELLED');
  });

  it('leaves the handler signal alone after a call that succeeded (grpc-js reports the stream close as a cancellation)', async () => {
    await client.locate({ object: 'done-then-closed', maxBoxes: 0 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(recorder.calls.get('done-then-closed')).toBe(1);
    expect(recorder.aborts.has('done-then-closed')).toBe(false);
  });

  it('retries UNAVAILABLE until the call succeeds', async () => {
    const response = await client.locate({ object: 'flaky:2:a', maxBoxes: 0 });
    expect(response.boxes[0]?.label).toBe('flaky:2:a');
    expect(recorder.calls.get('flaky:2:a')).toBe(3);
  });

  it('gives up on UNAVAILABLE after the configured number of attempts', async () => {
    const error = await failure(client.locate({ object: 'flaky:9:b', maxBoxes: 0 }, { retry: { maxAttempts: 2 } }));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', reason: 'UNAVAILABLE' });
    expect(recorder.calls.get('flaky:9:b')).toBe(2);
  });

  it('logs one structured line per call with method, code and duration', () => {
    const line = logger.lines.find((l) => l.msg === 'rpc' && l.code === 'OK');
    expect(line).toMatchObject({ level: 'info', method: '/vprog.loc.v1.LocService/Locate', kind: 'unary' });
    expect(typeof line?.durationMs).toBe('number');
    expect(logger.lines.find((l) => l.msg === 'rpc' && l.code === 'INVALID_ARGUMENT')).toMatchObject({ level: 'warn', reason: 'BAD_REQUEST' });
  });

  it('streams every message of a server-streaming handler (RunnerService.Execute)', async () => {
    const execute = createClient(runner.RunnerServiceClient, server.address);
    const events = [];
    for await (const event of execute.execute({ images: {}, task: 'demo', source: { $case: 'program', value: '3' } })) events.push(event.event?.$case);
    execute.$close();
    expect(events).toEqual(['stepStarted', 'stepStarted', 'stepStarted', 'result']);
  });

  it('delivers the messages sent before a server-streaming handler fails, then the typed error', async () => {
    const execute = createClient(runner.RunnerServiceClient, server.address);
    const events: unknown[] = [];
    const error = await failure(
      (async () => {
        for await (const event of execute.execute({ images: {}, task: 'fail-midway', source: { $case: 'program', value: '2' } })) events.push(event.event?.$case);
      })(),
    );
    execute.$close();
    expect(events).toEqual(['stepStarted', 'stepStarted']);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', fieldViolations: [{ field: 'task', description: 'fails on purpose' }] });
  });

  it('reads every request of a client-streaming handler (ModelService.Distill)', async () => {
    const distill = createClient(model.ModelServiceService, server.address);
    async function* requests(): AsyncGenerator<model.DistillRequest> {
      yield { payload: { $case: 'options', value: model.DistillOptions.fromPartial({ epochs: 1 }) } };
      for (let i = 0; i < 5; i++) yield { payload: { $case: 'example', value: model.DistillExample.fromPartial({}) } };
    }
    const response = await distill.distill(requests());
    distill.$close();
    expect(response.targetExampleCount).toBe(5);
  });

  it('answers UNIMPLEMENTED with its reason for methods a service chose not to implement', async () => {
    const models = createClient(model.ModelServiceService, server.address);
    const error = await failure(models.activate({ version: '1' } as model.ActivateRequest));
    models.$close();
    expect(error).toMatchObject({ code: 'UNIMPLEMENTED', reason: 'UNIMPLEMENTED' });
  });
});


describe('a grpc-kit server with a small message size limit and the request log off', () => {
  let server: RunningServer;
  let logger: ReturnType<typeof memoryLogger>;

  beforeAll(async () => {
    logger = memoryLogger();
    server = await startServer({ host: '127.0.0.1', port: 0, maxReceiveMessageBytes: 1024, requestLog: false }, [locFixture()], { logger });
  });

  afterAll(() => server.shutdown());

  it('rejects a request larger than maxReceiveMessageBytes with RESOURCE_EXHAUSTED and accepts a small one', async () => {
    const client = createClient(loc.LocServiceClient, server.address);
    const big = { object: 'x', maxBoxes: 0, image: { source: { $case: 'encoded' as const, value: Buffer.alloc(4096, 1) } } };
    const error = await failure(client.locate(big));
    const small = await client.locate({ object: 'x', maxBoxes: 0 });
    client.$close();
    expect(error.code).toBe('RESOURCE_EXHAUSTED');
    expect(small.boxes).toHaveLength(1);
  });

  it('writes no request log lines when requestLog is off', () => {
    expect(logger.lines.filter((l) => l.msg === 'rpc')).toEqual([]);
  });
});

describe('a grpc-kit server’s HTTP/2 receive window', () => {
  /** What a raw HTTP/2 client may send the server: the per-call window it advertises and the connection's window. */
  async function windowsSeenByAClient(server: RunningServer): Promise<{ perCall: number | undefined; connection: number | undefined }> {
    const session = connect(`http://${server.address}`);
    try {
      await waitFor(() => (session.remoteSettings.initialWindowSize ?? 0) > 65_535 && (session.state.remoteWindowSize ?? 0) > 65_535, 2000).catch(() => undefined);
      return { perCall: session.remoteSettings.initialWindowSize, connection: session.state.remoteWindowSize };
    } finally {
      session.close();
    }
  }

  it('opens each connection with the configured window instead of the protocol’s 64 KiB, so concurrent image requests do not stall', async () => {
    const server = await startServer({ host: '127.0.0.1', port: 0, requestLog: false, receiveWindowBytes: 1024 * 1024 }, [locFixture()], { logger: memoryLogger() });
    try {
      expect(await windowsSeenByAClient(server)).toEqual({ perCall: 1024 * 1024, connection: 1024 * 1024 });
    } finally {
      await server.shutdown();
    }
  });

  it('defaults to 4 MiB', async () => {
    const server = await startServer({ host: '127.0.0.1', port: 0, requestLog: false }, [locFixture()], { logger: memoryLogger() });
    try {
      expect(await windowsSeenByAClient(server)).toEqual({ perCall: 4 * 1024 * 1024, connection: 4 * 1024 * 1024 });
    } finally {
      await server.shutdown();
    }
  });
});
