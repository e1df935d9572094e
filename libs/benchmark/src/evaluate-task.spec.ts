import { common } from '@vprog/proto-ts';
import { generateTaskItems } from '@vprog/world';
import { itemRequest, predictionFromAnswer } from './evaluate-task';

describe('an evaluation request', () => {
  const [item] = generateTaskItems('face-tag', { split: 'dev', seed: 3, count: 1 });

  it('carries the gold program, the encoded images and the task', () => {
    const request = itemRequest(item, []);
    expect(request.source).toEqual({ $case: 'program', value: item.program });
    expect(request.task).toBe('face-tag');
    expect(Object.keys(request.images)).toEqual(item.images.map((i) => i.name));
    expect(request.options?.moduleOverrides).toEqual([]);
  });

  it('routes a module to its teacher or to a candidate version, never both', () => {
    const request = itemRequest(item, [
      { module: 'facedet', teacher: true, version: 'v9' },
      { module: 'classify', version: 'v2' },
    ]);
    expect(request.options?.moduleOverrides).toEqual([
      { module: common.Module.MODULE_FACEDET, useTeacher: true, modelVersion: '' },
      { module: common.Module.MODULE_CLASSIFY, useTeacher: false, modelVersion: 'v2' },
    ]);
  });

  it('reads JSON results as structured predictions and text as text', () => {
    expect(predictionFromAnswer('yes')).toBe('yes');
    expect(predictionFromAnswer('{not json')).toBe('{not json');
  });
});
