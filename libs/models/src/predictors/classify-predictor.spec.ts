import { softmax } from '../decode/softmax';
import { fakeRunner, f32, solidImage } from '../testing/fake-runner';
import { classifyStudentManifest, classifyTeacherManifest } from '../testing/manifest-fixtures';
import type { TensorMap } from '../tensor';
import { createClassifyPredictor } from './classify-predictor';

describe('the CLASSIFY student predictor', () => {
  it('encodes the categories once per list, scores each box crop and labels it with the best category', async () => {
    const runner = fakeRunner((graph, feeds): TensorMap => {
      if (graph === 'backbone') return { image_features: f32([feeds.image.dims[0]], [0]), text_features: f32([feeds.text.dims[0]], [0]) };
      const n = feeds.image_features.dims[0];
      const k = feeds.text_features.dims[0];
      return { logits: f32([n, k], Array.from({ length: n * k }, (_, i) => (i % k === Math.floor(i / k) % k ? 2 : 0))) };
    });
    const predictor = createClassifyPredictor({ manifest: classifyStudentManifest() }, runner.run);
    const image = solidImage(64, 64);
    const boxes = [
      { x1: 10, y1: 10, x2: 20, y2: 20 },
      { x1: 30, y1: 30, x2: 50, y2: 40 },
    ];
    const [results, other] = await predictor.classifyMany([
      { image, boxes, categories: ['red', 'blue'] },
      { image, boxes: [boxes[0]], categories: ['circle', 'object', 'red'] },
    ]);
    const backboneCalls = runner.calls.filter((c) => c.graph === 'backbone');
    expect(backboneCalls).toHaveLength(2);
    expect(backboneCalls[0].feeds.image.dims).toEqual([2, 3, 32, 32]);
    expect(Array.from(backboneCalls[0].feeds.text.data as BigInt64Array, Number)).toEqual([9, 0, 0, 0, 2, 0, 0, 0]);
    expect(results.map((r) => r.label)).toEqual(['red', 'blue']);
    expect(results[0].scores).toEqual(softmax([2, 0]));
    expect(other[0].label).toBe('circle');
    expect(other[0].scores).toHaveLength(3);
  });

  it('rejects an empty category list with INVALID_INPUT and returns nothing for no boxes', async () => {
    const runner = fakeRunner(() => ({}));
    const predictor = createClassifyPredictor({ manifest: classifyStudentManifest() }, runner.run);
    await expect(predictor.classify(solidImage(8, 8), [{ x1: 0, y1: 0, x2: 4, y2: 4 }], [])).rejects.toMatchObject({ reason: 'INVALID_INPUT' });
    await expect(predictor.classify(solidImage(8, 8), [], ['red'])).resolves.toEqual([]);
    expect(runner.calls).toHaveLength(0);
  });
});

describe('the CLASSIFY teacher adapter', () => {
  const logits = [1, 3, 0.5];
  const runner = () => fakeRunner((_graph, feeds) => ({ logits: f32([feeds.image.dims[0], 3], Array.from({ length: feeds.image.dims[0] }, () => logits).flat()) }));

  it('scores requested categories within its label set, in request order, renormalised', async () => {
    const fake = runner();
    const predictor = createClassifyPredictor({ manifest: classifyTeacherManifest() }, fake.run);
    const [result] = await predictor.classify(solidImage(32, 32), [{ x1: 4, y1: 4, x2: 20, y2: 20 }], ['Surprised', 'frowning']);
    expect(Object.keys(fake.calls[0].feeds)).toEqual(['image']);
    expect(result.scores).toEqual(softmax([0.5, 3]));
    expect(result.label).toBe('frowning');
    expect(predictor.canClassify(['smiling', 'frowning', 'surprised'])).toBe(true);
  });

  it('refuses categories outside its labels with OUTSIDE_LABEL_SPACE', async () => {
    const fake = runner();
    const predictor = createClassifyPredictor({ manifest: classifyTeacherManifest() }, fake.run);
    expect(predictor.canClassify(['smiling', 'red'])).toBe(false);
    await expect(predictor.classify(solidImage(32, 32), [{ x1: 4, y1: 4, x2: 20, y2: 20 }], ['smiling', 'red'])).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
      reason: 'OUTSIDE_LABEL_SPACE',
      metadata: { category: 'red' },
    });
    expect(fake.calls).toHaveLength(0);
  });
});
