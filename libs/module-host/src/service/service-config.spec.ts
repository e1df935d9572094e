import { isVprogError } from '@vprog/grpc-kit';
import { DEFAULT_SEED_DIR, parseServiceEnv, serviceEnvKeys } from './service-config';

const spec = { prefix: 'VPROG_LOC', defaultPort: 50051, defaultMetricsPort: 9151 };

describe('parseServiceEnv', () => {
  it('fills every default from one place', () => {
    const config = parseServiceEnv(spec, {});
    expect(config.server).toEqual({ host: '0.0.0.0', port: 50051, shutdownGraceMs: 10_000, requestLog: true });
    expect(config.batching).toEqual({ maxBatchSize: 8, maxQueueDelayMs: 2, queueCapacity: 256 });
    expect(config.metrics).toEqual({ host: '0.0.0.0', port: 9151 });
    expect(config.runtime).toEqual({ executionProvider: 'cpu', poolSize: 1, intraOpNumThreads: 1 });
    expect(config.seedFrom).toBe(DEFAULT_SEED_DIR);
    expect(config.modelsRoot).toMatch(/\.vprog\/models$/);
  });

  it('reads its own prefixed keys only, turning strings into numbers and booleans', () => {
    const config = parseServiceEnv(spec, {
      VPROG_LOC_PORT: '0',
      VPROG_LOC_MAX_BATCH_SIZE: '16',
      VPROG_LOC_MAX_QUEUE_DELAY_MS: '0.5',
      VPROG_LOC_REQUEST_LOG: 'false',
      VPROG_LOC_METRICS_PORT: 'off',
      VPROG_LOC_SEED_FROM: 'off',
      VPROG_LOC_EXECUTION_PROVIDER: 'cuda',
      VPROG_LOC_TEACHER_PORT: 'not for me',
      VPROG_LOC_THREADS: '',
    });
    expect(config.server.port).toBe(0);
    expect(config.batching.maxBatchSize).toBe(16);
    expect(config.batching.maxQueueDelayMs).toBe(0.5);
    expect(config.server.requestLog).toBe(false);
    expect(config.metrics).toBeUndefined();
    expect(config.seedFrom).toBeUndefined();
    expect(config.runtime.executionProvider).toBe('cuda');
    expect(config.runtime.intraOpNumThreads).toBe(1);
  });

  it('fails fast with a readable list of every bad key', () => {
    let error: unknown;
    try {
      parseServiceEnv(spec, { VPROG_LOC_PORT: '70000', VPROG_LOC_MAX_BATCH_SIZE: 'lots', VPROG_LOC_EXECUTION_PROVIDER: 'tpu' });
    } catch (e) {
      error = e;
    }
    expect(isVprogError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/^invalid configuration:\n/);
    expect(message).toMatch(/ {2}VPROG_LOC_PORT: .*\(got "70000"\)/);
    expect(message).toMatch(/ {2}VPROG_LOC_MAX_BATCH_SIZE: .*\(got "lots"\)/);
    expect(message).toMatch(/ {2}VPROG_LOC_EXECUTION_PROVIDER: .*\(got "tpu"\)/);
    expect((error as { fieldViolations: Array<{ field: string }> }).fieldViolations.map((v) => v.field).sort()).toEqual([
      'VPROG_LOC_EXECUTION_PROVIDER',
      'VPROG_LOC_MAX_BATCH_SIZE',
      'VPROG_LOC_PORT',
    ]);
  });

  it('lists its keys for documentation', () => {
    expect(serviceEnvKeys(spec)).toEqual(expect.arrayContaining(['VPROG_LOC_PORT', 'VPROG_LOC_MODELS_ROOT', 'VPROG_LOC_QUEUE_CAPACITY', 'VPROG_LOC_METRICS_PORT']));
  });
});
