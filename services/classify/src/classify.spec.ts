import { callFailure, checkHealth, pngImage, protoBox, startServiceUnderTest, testScene, type ServiceUnderTest } from '@vprog/module-host';
import { classify, model } from '@vprog/proto-ts';
import { COLOURS, SHAPES } from '@vprog/world';
import { createClassifyService } from './server';


describe('classify service (student)', () => {
  let sut: ServiceUnderTest<typeof classify.ClassifyServiceService>;

  beforeAll(async () => {
    sut = await startServiceUnderTest(createClassifyService, classify.ClassifyServiceService);
  });

  afterAll(async () => {
    await sut?.stop();
  });

  it('is SERVING once its model is loaded', async () => {
    expect(await checkHealth(sut.service.address)).toBe('SERVING');
  });

  it('names the colour and the shape of the objects of rendered scenes', async () => {
    let total = 0;
    let colours = 0;
    let shapes = 0;
    for (let seed = 1; seed <= 4; seed += 1) {
      const { scene, png: bytes } = testScene('studio', seed);
      const boxes = scene.objects.map((o) => protoBox(o.box));
      const byColour = await sut.client.classify({ image: pngImage(bytes), boxes, categories: [...COLOURS] });
      const byShape = await sut.client.classify({ image: pngImage(bytes), boxes, categories: [...SHAPES] });
      expect(byColour.classifications).toHaveLength(scene.objects.length);
      scene.objects.forEach((o, i) => {
        const c = byColour.classifications[i];
        expect(c.scores.map((s) => s.label)).toEqual([...COLOURS]);
        expect(c.scores.reduce((sum, s) => sum + s.score, 0)).toBeCloseTo(1, 4);
        expect(c.box).toMatchObject({ xMin: o.box.x1, yMax: o.box.y2 });
        total += 1;
        if (c.category === o.colour) colours += 1;
        if (byShape.classifications[i].category === o.shape) shapes += 1;
      });
    }
    expect(colours / total).toBeGreaterThanOrEqual(0.75);
    expect(shapes / total).toBeGreaterThanOrEqual(0.75);
  });

  it('classifies the whole image as one region when no box is given', async () => {
    const { classifications } = await sut.client.classify({ image: pngImage(testScene('studio', 9).png), boxes: [], categories: ['small', 'large'] });
    expect(classifications).toHaveLength(1);
    expect(classifications[0].box).toMatchObject({ xMin: 0, yMin: 0, xMax: 128, yMax: 128 });
  });

  it('answers bad input with INVALID_ARGUMENT and field violations, and keeps serving', async () => {
    const image = pngImage(testScene('studio', 2).png);
    const noCategories = await callFailure(sut.client.classify({ image, boxes: [], categories: [] }));
    expect(noCategories.code).toBe('INVALID_ARGUMENT');
    expect(noCategories.fieldViolations.map((v) => v.field)).toEqual(['categories']);
    const badBoxes = await callFailure(
      sut.client.classify({
        image,
        boxes: [protoBox({ x1: Number.NaN, y1: 0, x2: 10, y2: 10 }), protoBox({ x1: 20, y1: 20, x2: 10, y2: 30 }), protoBox({ x1: -5, y1: 0, x2: 10, y2: 10 }), protoBox({ x1: 500, y1: 500, x2: 600, y2: 600 })],
        categories: ['red', ' '],
      }),
    );
    expect(badBoxes.fieldViolations.map((v) => v.field)).toEqual(['boxes[0]', 'boxes[1]', 'boxes[2]', 'boxes[3]', 'categories[1]']);
    expect(badBoxes.fieldViolations[0].description).toMatch(/NaN/);
    const ok = await sut.client.classify({ image, boxes: [], categories: ['red', 'blue'] });
    expect(ok.model).toEqual({ name: 'classify-student', version: 'v1' });
  });

  it('describes itself as open-vocabulary', async () => {
    const { modelInfo } = await sut.admin.getModelInfo({ version: '' });
    expect(modelInfo).toMatchObject({ role: model.ModelRole.MODEL_ROLE_STUDENT, openVocabulary: true, labelSpace: [] });
  });
});
