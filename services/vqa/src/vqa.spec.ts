import { askVqaTestQuestions, callFailure, checkHealth, isRankedReply, pngImage, startServiceUnderTest, testAnswerOf, testScene, vqaAnswerQuality, type ServiceUnderTest } from '@vprog/module-host';
import { model, vqa } from '@vprog/proto-ts';
import { createVqaService } from './server';

const MODEL = { name: 'vqa-student', version: 'v1' };

describe('vqa service (student)', () => {
  let sut: ServiceUnderTest<typeof vqa.VqaServiceService>;

  beforeAll(async () => {
    sut = await startServiceUnderTest(createVqaService, vqa.VqaServiceService);
  });

  afterAll(async () => {
    await sut?.stop();
  });

  it('is SERVING once its model is loaded', async () => {
    expect(await checkHealth(sut.service.address)).toBe('SERVING');
  });

  it('answers colour and count questions about rendered scenes with the right kind of answer, the true one ranked high', async () => {
    const replies = await askVqaTestQuestions(sut.client, 'studio', [1, 2, 3, 4, 5, 6, 7, 8], 3);
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

  it('describes its answer vocabulary through ModelService', async () => {
    const { modelInfo } = await sut.admin.getModelInfo({ version: '' });
    expect(modelInfo?.role).toBe(model.ModelRole.MODEL_ROLE_STUDENT);
    expect(modelInfo?.labelSpace).toEqual(expect.arrayContaining(['yes', 'no', 'red', 'circle', 'small', '3']));
  });
});
