import { isVprogError } from '@vprog/grpc-kit';
import { parseCoordinatorConfig } from './config';

describe('parseCoordinatorConfig', () => {
  it('fills every default and resolves the state and trace paths against the working directory', () => {
    const config = parseCoordinatorConfig({}, '/srv/vprog');
    expect(config).toMatchObject({
      server: { host: '127.0.0.1', port: 50070, requestLog: true },
      dbPath: '/srv/vprog/.vprog/distill/coordinator.db',
      runnerAddress: undefined,
      trace: { path: '/srv/vprog/.vprog/traces/trace.db', blobDir: '/srv/vprog/.vprog/traces/blobs' },
      evalConcurrency: 4,
      labelConcurrency: 1,
      callDeadlineMs: 60_000,
    });
    expect(config.modules.loc).toEqual({});
  });

  it('reads the runner, every module with its teacher, and the numbers', () => {
    const config = parseCoordinatorConfig({
      VPROG_COORDINATOR_RUNNER_ADDRESS: '127.0.0.1:50060',
      VPROG_COORDINATOR_FACEDET_ADDRESS: 'facedet:50053',
      VPROG_COORDINATOR_FACEDET_TEACHER_ADDRESS: 'localhost:50063',
      VPROG_COORDINATOR_EVAL_CONCURRENCY: '8',
      VPROG_COORDINATOR_LABEL_CONCURRENCY: '6',
      VPROG_COORDINATOR_CALL_DEADLINE_MS: '1500',
      VPROG_COORDINATOR_DB: '/var/lib/coordinator.db',
      VPROG_COORDINATOR_PORT: '0',
    });
    expect(config.runnerAddress).toBe('127.0.0.1:50060');
    expect(config.modules.facedet).toEqual({ student: 'facedet:50053', teacher: 'localhost:50063' });
    expect(config.modules.vqa).toEqual({});
    expect(config).toMatchObject({ evalConcurrency: 8, labelConcurrency: 6, callDeadlineMs: 1500, dbPath: '/var/lib/coordinator.db', server: { port: 0 } });
  });

  it('lists every bad key at once, by its full name', () => {
    let error: unknown;
    try {
      parseCoordinatorConfig({ VPROG_COORDINATOR_PORT: 'eighty', VPROG_COORDINATOR_LOC_TEACHER_ADDRESS: 'http://loc', VPROG_COORDINATOR_EVAL_CONCURRENCY: '0' });
    } catch (e) {
      error = e;
    }
    expect(isVprogError(error) && error.code === 'INVALID_ARGUMENT' && error.reason === 'INVALID_CONFIG').toBe(true);
    const fields = isVprogError(error) ? error.fieldViolations.map((v) => v.field).sort() : [];
    expect(fields).toEqual(['VPROG_COORDINATOR_EVAL_CONCURRENCY', 'VPROG_COORDINATOR_LOC_TEACHER_ADDRESS', 'VPROG_COORDINATOR_PORT']);
  });
});
