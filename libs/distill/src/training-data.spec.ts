import { readHeadModel } from './onnx-head';
import { createSeededRandom } from './seeded-random';
import { loadHead, randomTensor, softmaxOptions } from './testing/head-fixtures';
import { batchFeeds, planBatches, prepareExamples, type TrainingExample } from './training-data';

describe('seeded random numbers', () => {
  it('repeat for a seed and differ across seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, createSeededRandom(seed).next);
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(1).every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

describe('batching of training examples', () => {
  const classify = readHeadModel(loadHead('classify'));
  const random = createSeededRandom(4);
  const texts = { a: randomTensor(random, [3, 64]), b: randomTensor(random, [5, 64]) };
  const examples: TrainingExample[] = Array.from({ length: 10 }, (_, i) => {
    const key = i < 6 ? 'a' : 'b';
    const rows = 1 + (i % 2);
    return {
      feeds: { image_features: randomTensor(random, [rows, 256]), text_features: texts[key] },
      sharedKey: key,
      target: { dims: [rows, texts[key].dims[0]], data: new Float32Array(rows * texts[key].dims[0]).fill(1) },
      weight: 1,
      kind: 'target',
    };
  });
  const options = softmaxOptions({ rowInputs: ['image_features'] });

  it('only batches examples with the same sharedKey, covering every example once per epoch', () => {
    const prepared = prepareExamples(classify, examples, options);
    const batches = planBatches(prepared, 4, createSeededRandom(1));
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(4);
      expect(new Set(batch.map((i) => examples[i].sharedKey)).size).toBe(1);
    }
    expect(batches.flat().sort((x, y) => x - y)).toEqual([...examples.keys()]);
    expect(planBatches(prepared, 4, createSeededRandom(1))).toEqual(batches);
  });

  it('concatenates row inputs and takes shared inputs once', () => {
    const prepared = prepareExamples(classify, examples, options);
    const feeds = batchFeeds(classify, prepared, [0, 1, 2], options.rowInputs);
    expect(feeds.image_features.dims).toEqual([4, 256]);
    expect(feeds.text_features).toBe(texts.a);
  });

  it('rejects examples whose shared inputs disagree within a key, or an example with a negative weight', () => {
    const clash: TrainingExample = { ...examples[0], feeds: { ...examples[0].feeds, text_features: texts.b } };
    expect(() => prepareExamples(classify, [examples[0], clash], options)).toThrow(expect.objectContaining({ reason: 'INVALID_EXAMPLE' }));
    expect(() => prepareExamples(classify, [{ ...examples[0], weight: -1 }], options)).toThrow(expect.objectContaining({ reason: 'INVALID_EXAMPLE' }));
  });
});
