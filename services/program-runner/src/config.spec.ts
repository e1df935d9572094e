import { parseRunnerConfig } from './config';

describe('parseRunnerConfig', () => {
  it('fills every default and resolves the store paths against the working directory', () => {
    const config = parseRunnerConfig({}, '/srv/vprog');
    expect(config).toMatchObject({
      server: { host: '0.0.0.0', port: 50060, requestLog: true },
      runTimeoutMs: 60_000,
      maxParallelSteps: 8,
      vqaTopK: 5,
      trace: { path: '/srv/vprog/.vprog/traces/trace.db', blobDir: '/srv/vprog/.vprog/traces/blobs' },
      defaultGenerator: 'auto',
      llm: undefined,
      rationaleDir: undefined,
    });
    expect(config.modules.loc).toEqual({ route: { kind: 'student' } });
  });

  it('reads module addresses, routes to teachers or addresses, retention, and the LLM endpoint', () => {
    const config = parseRunnerConfig({
      VPROG_RUNNER_LOC_ADDRESS: 'loc:50051',
      VPROG_RUNNER_LOC_TEACHER_ADDRESS: 'localhost:50151',
      VPROG_RUNNER_ROUTE_LOC: 'Teacher',
      VPROG_RUNNER_ROUTE_VQA: '10.0.0.7:6000',
      VPROG_RUNNER_TRACE_MAX_RUNS: '1000',
      VPROG_RUNNER_TRACE_MAX_AGE_DAYS: '2',
      VPROG_RUNNER_LLM_BASE_URL: 'http://llm:8000/v1',
      VPROG_RUNNER_LLM_MODEL: 'qwen',
      VPROG_RUNNER_TRACE: 'on',
    });
    expect(config.modules.loc).toEqual({ student: 'loc:50051', teacher: 'localhost:50151', route: { kind: 'teacher' } });
    expect(config.modules.vqa.route).toEqual({ kind: 'address', address: '10.0.0.7:6000' });
    expect(config.trace).toMatchObject({ maxRuns: 1000, maxAgeMs: 2 * 86_400_000 });
    expect(config.llm).toEqual({ baseUrl: 'http://llm:8000/v1', model: 'qwen', timeoutMs: 30_000, examples: 8 });
    expect(parseRunnerConfig({ VPROG_RUNNER_TRACE: 'off' }).trace).toBeUndefined();
  });

  it('lists every bad key at once, by its full name', () => {
    let error: unknown;
    try {
      parseRunnerConfig({ VPROG_RUNNER_PORT: '70000', VPROG_RUNNER_ROUTE_LOC: 'gpu-box', VPROG_RUNNER_VQA_ADDRESS: 'http://vqa', VPROG_RUNNER_ROUTE_CLASSIFY: 'teacher', VPROG_RUNNER_DEFAULT_GENERATOR: 'magic' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'INVALID_CONFIG' });
    const fields = (error as { fieldViolations: Array<{ field: string }> }).fieldViolations.map((v) => v.field).sort();
    expect(fields).toEqual(['VPROG_RUNNER_DEFAULT_GENERATOR', 'VPROG_RUNNER_PORT', 'VPROG_RUNNER_ROUTE_CLASSIFY', 'VPROG_RUNNER_ROUTE_LOC', 'VPROG_RUNNER_VQA_ADDRESS']);
  });

  it('needs a model name when an LLM endpoint is set', () => {
    expect(() => parseRunnerConfig({ VPROG_RUNNER_LLM_BASE_URL: 'http://llm:8000/v1' })).toThrow(/VPROG_RUNNER_LLM_MODEL: is required/);
  });
});
