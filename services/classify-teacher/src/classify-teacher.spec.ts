import { callFailure, checkHealth, pngImage, protoBox, startServiceUnderTest, testScene, type ServiceUnderTest } from '@vprog/module-host';
import { classify, model } from '@vprog/proto-ts';
import { createClassifyTeacherService } from './server';

const EXPRESSIONS = ['smiling', 'frowning', 'surprised'];

describe('classify teacher sidecar', () => {
  let sut: ServiceUnderTest<typeof classify.ClassifyServiceService>;

  beforeAll(async () => {
    sut = await startServiceUnderTest(createClassifyTeacherService, classify.ClassifyServiceService);
  });

  afterAll(async () => {
    await sut?.stop();
  });

  it('is SERVING once its model is loaded', async () => {
    expect(await checkHealth(sut.service.address)).toBe('SERVING');
  });

  it('tells the expressions of the faces of dusk scenes, its target domain', async () => {
    let total = 0;
    let correct = 0;
    for (let seed = 1; seed <= 6; seed += 1) {
      const { scene, png: bytes } = testScene('dusk', seed, { faces: 2 });
      const { classifications, model: ref } = await sut.client.classify({ image: pngImage(bytes), boxes: scene.faces.map((f) => protoBox(f.box)), categories: EXPRESSIONS });
      expect(ref).toEqual({ name: 'classify-teacher', version: 'v1' });
      scene.faces.forEach((f, i) => {
        total += 1;
        if (classifications[i].category === f.expression) correct += 1;
      });
    }
    expect(total).toBe(12);
    expect(correct / total).toBeGreaterThanOrEqual(0.7);
  });

  it('uses its own label space when the request names no categories', async () => {
    const { scene, png: bytes } = testScene('dusk', 4, { faces: 1 });
    const { classifications } = await sut.client.classify({ image: pngImage(bytes), boxes: [protoBox(scene.faces[0].box)], categories: [] });
    expect(classifications[0].scores.map((s) => s.label)).toEqual(EXPRESSIONS);
  });

  it('refuses categories outside its label space with FAILED_PRECONDITION and keeps serving', async () => {
    const image = pngImage(testScene('dusk', 5, { faces: 1 }).png);
    const refused = await callFailure(sut.client.classify({ image, boxes: [], categories: ['smiling', 'red'] }));
    expect(refused).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'OUTSIDE_LABEL_SPACE' });
    const nan = await callFailure(sut.client.classify({ image, boxes: [protoBox({ x1: 0, y1: 0, x2: Number.NaN, y2: 5 })], categories: ['smiling'] }));
    expect(nan.fieldViolations.map((v) => v.field)).toEqual(['boxes[0]']);
    const ok = await sut.client.classify({ image, boxes: [], categories: ['smiling', 'frowning'] });
    expect(ok.classifications[0].scores).toHaveLength(2);
  });

  it('describes itself as a closed-set teacher', async () => {
    const { modelInfo } = await sut.admin.getModelInfo({ version: '' });
    expect(modelInfo).toMatchObject({ role: model.ModelRole.MODEL_ROLE_TEACHER, openVocabulary: false, labelSpace: EXPRESSIONS });
  });
});
