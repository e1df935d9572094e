import { callFailure, describeVqaService, pngImage, testScene } from '@vprog/module-host';
import { model } from '@vprog/proto-ts';
import { createVqaTeacherService } from './server';

// Dusk is the teacher's target domain.
describeVqaService({ title: 'vqa teacher sidecar', create: createVqaTeacherService, model: { name: 'vqa-teacher', version: 'v1' }, domain: 'dusk' }, (sut) => {
  it('refuses a size question, outside its closed answer set, with FAILED_PRECONDITION and keeps serving', async () => {
    const image = pngImage(testScene('dusk', 2).png);
    const refused = await callFailure(sut().client.answer({ image, question: 'What size is the circle?', topK: 1 }));
    expect(refused).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'OUTSIDE_LABEL_SPACE' });
    const ok = await sut().client.answer({ image, question: 'What color is the circle?', topK: 2 });
    expect(ok.topAnswers).toHaveLength(2);
  });

  it('describes itself as a teacher with a closed answer set', async () => {
    const { modelInfo } = await sut().admin.getModelInfo({ version: '' });
    expect(modelInfo?.role).toBe(model.ModelRole.MODEL_ROLE_TEACHER);
    expect(modelInfo?.labelSpace).toEqual(expect.arrayContaining(['yes', 'no', 'red', 'circle']));
    expect(modelInfo?.labelSpace).not.toContain('small');
  });
});
