import { describeFacedetService } from '@vprog/module-host';
import { model } from '@vprog/proto-ts';
import { createFacedetService } from './server';

const MODEL = { name: 'facedet-student', version: 'v1' };

describeFacedetService({ title: 'facedet service (student)', create: createFacedetService, model: MODEL, domain: 'studio' }, (sut) => {
  it('describes its model through ModelService', async () => {
    const { modelInfo } = await sut().admin.getModelInfo({ version: '' });
    expect(modelInfo).toMatchObject({ model: MODEL, role: model.ModelRole.MODEL_ROLE_STUDENT, labelSpace: ['face'], openVocabulary: false });
  });
});
