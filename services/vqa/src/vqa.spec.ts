import { describeVqaService } from '@vprog/module-host';
import { model } from '@vprog/proto-ts';
import { createVqaService } from './server';

describeVqaService({ title: 'vqa service (student)', create: createVqaService, model: { name: 'vqa-student', version: 'v1' }, domain: 'studio' }, (sut) => {
  it('describes its answer vocabulary through ModelService', async () => {
    const { modelInfo } = await sut().admin.getModelInfo({ version: '' });
    expect(modelInfo?.role).toBe(model.ModelRole.MODEL_ROLE_STUDENT);
    expect(modelInfo?.labelSpace).toEqual(expect.arrayContaining(['yes', 'no', 'red', 'circle', 'small', '3']));
  });
});
