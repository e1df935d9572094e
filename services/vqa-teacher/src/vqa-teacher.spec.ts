import { askVqaTestQuestions, callFailure, checkHealth, isRankedReply, pngImage, startServiceUnderTest, testAnswerOf, testScene, vqaAnswerQuality, type ServiceUnderTest } from '@vprog/module-host';
import { model, vqa } from '@vprog/proto-ts';
import { createVqaTeacherService } from './server';

const MODEL = { name: 'vqa-teacher', version: 'v1' };

describe('vqa teacher sidecar', () => {
  let sut: ServiceUnderTest<typeof vqa.VqaServiceService>;

  beforeAll(async () => {
    sut = await startServiceUnderTest(createVqaTeacherService, vqa.VqaServiceService);
  });

  afterAll(async () => {
    await sut?.stop();
  });

  it('is SERVING once its model is loaded', async () => {
    expect(await checkHealth(sut.service.address)).toBe('SERVING');
  });

  it('answers colour and count questions about dusk scenes, its target domain, with the right kind of answer, the true one ranked high', async () => {
    const replies = await askVqaTestQuestions(sut.client, 'dusk', [1, 2, 3, 4, 5, 6, 7, 8], 3);
    expect(replies.length).toBeGreaterThanOrEqual(12);
    expect(replies.map((r) => r.response.model)).toEqual(replies.map(() => MODEL));
    expect(replies.filter((r) => !isRankedReply(r, 3)).map((r) => r.asked.question)).toEqual([]);
    const { rightKind, goldRanked } = vqaAnswerQuality(replies.map(testAnswerOf));
    expect(rightKind).toBeGreaterThanOrEqual(0.8);
    expect(goldRanked).toBeGreaterThanOrEqual(0.6);
  });

  it('lists only the best answer when top_k is 0', async () => {
    const response = await sut.client.answer({ image: pngImage(testScene('studio', 1).png), question: 'Are there any stars?', topK: 0 });
    expect(response.topAnswers).toHaveLength(1);
    expect(response.topAnswers[0].label).toBe(response.answer);
  });

  it('answers bad input with INVALID_ARGUMENT and field violations, and keeps serving', async () => {
    const empty = await callFailure(sut.client.answer({ image: pngImage(testScene('studio', 1).png), question: '  ', topK: 1 }));
    expect(empty.fieldViolations).toEqual([{ field: 'question', description: 'must not be empty' }]);
    const undecodable = await callFailure(sut.client.answer({ image: pngImage(Buffer.alloc(100, 7)), question: 'Is there a circle?', topK: 1 }));
    expect(undecodable.fieldViolations.map((v) => v.field)).toEqual(['image.encoded']);
    const ok = await sut.client.answer({ image: pngImage(testScene('studio', 1).png), question: 'Is there a circle?', topK: 1 });
    expect(ok.answer).not.toBe('');
  });

  it('refuses a size question, outside its closed answer set, with FAILED_PRECONDITION and keeps serving', async () => {
    const image = pngImage(testScene('dusk', 2).png);
    const refused = await callFailure(sut.client.answer({ image, question: 'What size is the circle?', topK: 1 }));
    expect(refused).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'OUTSIDE_LABEL_SPACE' });
    const ok = await sut.client.answer({ image, question: 'What color is the circle?', topK: 2 });
    expect(ok.topAnswers).toHaveLength(2);
  });

  it('describes itself as a teacher with a closed answer set', async () => {
    const { modelInfo } = await sut.admin.getModelInfo({ version: '' });
    expect(modelInfo?.role).toBe(model.ModelRole.MODEL_ROLE_TEACHER);
    expect(modelInfo?.labelSpace).toEqual(expect.arrayContaining(['yes', 'no', 'red', 'circle']));
    expect(modelInfo?.labelSpace).not.toContain('small');
  });
});
