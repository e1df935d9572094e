import { describeFacedetService } from '@vprog/module-host';
import { model } from '@vprog/proto-ts';
import { createFacedetTeacherService } from './server';

const MODEL = { name: 'facedet-teacher', version: 'v1' };

// Dusk is the teacher's target domain.
describeFacedetService({ title: 'facedet teacher sidecar', create: createFacedetTeacherService, model: MODEL, domain: 'dusk' }, (sut) => {
  it('describes itself as a teacher with a closed label set', async () => {
    const { modelInfo } = await sut().admin.getModelInfo({ version: '' });
    expect(modelInfo).toMatchObject({ model: MODEL, role: model.ModelRole.MODEL_ROLE_TEACHER, labelSpace: ['face'], openVocabulary: false });
  });
});
