/**
 * Module routing: config picks each module's service (student, teacher sidecar, or an address),
 * and a request can send one module to its teacher or pin a model version.
 */
import { common } from '@vprog/proto-ts';
import { startFakeModules, type FakeModules } from './testing/fake-modules';
import { collect, devItems, executeOptions, executeRequest, itemImages, moduleEnv, startRunnerFixture, type RunnerFixture } from './testing/runner-fixture';

describe('module routing', () => {
  let students: FakeModules;
  let teachers: FakeModules;
  const item = devItems('gqa-shapes', 3)[2]; // LOC, CROP, VQA, RESULT

  beforeAll(async () => {
    [students, teachers] = await Promise.all([startFakeModules('student'), startFakeModules('teacher')]);
  });
  afterAll(async () => {
    await Promise.all([students.close(), teachers.close()]);
  });
  beforeEach(() => {
    students.calls.splice(0);
    teachers.calls.splice(0);
  });

  async function modelsOfRun(fixture: RunnerFixture, options?: ReturnType<typeof executeOptions>): Promise<Array<string | null>> {
    const { events, error } = await collect(fixture.client.execute(executeRequest({ images: itemImages(item), source: { $case: 'program', value: item.program }, ...(options ? { options } : {}) })));
    expect(error).toBeUndefined();
    return fixture.runner.store!.getRun(events[0].runId).steps.map((s) => (s.model === undefined ? null : `${s.model.name}@${s.model.version}`));
  }

  it('sends LOC to its teacher sidecar when the config routes it there, and the step records name the teacher model', async () => {
    const fixture = await startRunnerFixture({ ...moduleEnv(students, teachers), VPROG_RUNNER_ROUTE_LOC: 'teacher' });
    try {
      expect(await modelsOfRun(fixture)).toEqual(['loc-teacher@teacher-v1', null, 'vqa-student@student-v1', null]);
      expect(teachers.loc.calls).toHaveLength(1);
      expect(students.loc.calls).toHaveLength(0);
    } finally {
      await fixture.close();
    }
  });

  it('routes a module to an explicit address from the config', async () => {
    const fixture = await startRunnerFixture({ ...moduleEnv(students), VPROG_RUNNER_ROUTE_VQA: teachers.vqa.address });
    try {
      expect(await modelsOfRun(fixture)).toEqual(['loc-student@student-v1', null, 'vqa-teacher@teacher-v1', null]);
    } finally {
      await fixture.close();
    }
  });

  it('lets one request use a teacher and pin a model version with x-vprog-model-version', async () => {
    const fixture = await startRunnerFixture(moduleEnv(students, teachers));
    try {
      const options = executeOptions({
        moduleOverrides: [
          { module: common.Module.MODULE_VQA, useTeacher: true, modelVersion: '' },
          { module: common.Module.MODULE_LOC, useTeacher: false, modelVersion: 'candidate-7' },
        ],
      });
      expect(await modelsOfRun(fixture, options)).toEqual(['loc-student@candidate-7', null, 'vqa-teacher@teacher-v1', null]);
      expect(students.loc.calls[0].version).toBe('candidate-7');
      expect(teachers.vqa.calls[0].version).toBeUndefined();
      // The next request, without overrides, is back on the students.
      expect(await modelsOfRun(fixture)).toEqual(['loc-student@student-v1', null, 'vqa-student@student-v1', null]);
    } finally {
      await fixture.close();
    }
  });

  it('refuses a teacher override when no teacher is configured, before calling any module', async () => {
    const fixture = await startRunnerFixture(moduleEnv(students));
    try {
      const options = executeOptions({ moduleOverrides: [{ module: common.Module.MODULE_LOC, useTeacher: true, modelVersion: '' }] });
      const { error } = await collect(fixture.client.execute(executeRequest({ images: itemImages(item), source: { $case: 'program', value: item.program }, options })));
      expect(error).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'TEACHER_NOT_CONFIGURED', metadata: { module: 'loc' } });
      expect(students.calls).toHaveLength(0);
    } finally {
      await fixture.close();
    }
  });

  it('fails a program that calls a module with no address with MODULE_NOT_CONFIGURED, before any call', async () => {
    const fixture = await startRunnerFixture({ VPROG_RUNNER_LOC_ADDRESS: students.loc.address });
    try {
      const { events, error } = await collect(fixture.client.execute(executeRequest({ images: itemImages(item), source: { $case: 'program', value: item.program } })));
      expect(error).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'MODULE_NOT_CONFIGURED', metadata: { module: 'vqa' } });
      expect(events).toHaveLength(0);
      expect(students.calls).toHaveLength(0);
    } finally {
      await fixture.close();
    }
  });
});
