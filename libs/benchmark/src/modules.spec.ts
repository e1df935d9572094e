import { common } from '@vprog/proto-ts';
import { ALL_MODULES, moduleFromProto, moduleToProto, taskModules } from './modules';

describe('the modules a task calls', () => {
  it('lists face-tag as FACEDET before CLASSIFY, the order its programs feed them', () => {
    expect(taskModules('face-tag')).toEqual(['facedet', 'classify']);
  });

  it('puts LOC upstream of VQA for GQA-style questions', () => {
    const modules = taskModules('gqa-shapes');
    expect(modules).toContain('loc');
    expect(modules).toContain('vqa');
    expect(modules.indexOf('loc')).toBeLessThan(modules.indexOf('vqa'));
    expect(modules).not.toContain('facedet');
  });

  it('rejects an unknown task with the world error', () => {
    expect(() => taskModules('no-such-task')).toThrow(/unknown task/);
  });

  it('maps every module to its proto value and back', () => {
    for (const m of ALL_MODULES) expect(moduleFromProto(moduleToProto(m))).toBe(m);
    expect(moduleFromProto(common.Module.MODULE_UNSPECIFIED)).toBeUndefined();
  });
});
