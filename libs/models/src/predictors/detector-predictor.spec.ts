import { isModelError } from '../errors';
import { sigmoid, softmax } from '../decode/softmax';
import { fakeRunner, f32, solidImage } from '../testing/fake-runner';
import { gridWith } from '../testing/grids';
import { facedetStudentManifest, locStudentManifest, locTeacherManifest } from '../testing/manifest-fixtures';
import type { TensorMap } from '../tensor';
import { createFacedetPredictor, createLocPredictor } from './detector-predictor';

function batchOf(grids: Float32Array[], channels: number): TensorMap {
  const data = new Float32Array(grids.reduce((n, g) => n + g.length, 0));
  let offset = 0;
  for (const g of grids) {
    data.set(g, offset);
    offset += g.length;
  }
  return { grid: f32([grids.length, 256, channels], data) };
}

describe('the LOC student predictor', () => {
  it('feeds letterboxed views and phrase tokens to the backbone, the features to the head, and returns root boxes', async () => {
    const runner = fakeRunner((graph, feeds): TensorMap =>
      graph === 'backbone'
        ? { features: f32([feeds.image.dims[0], 256, 1], new Float32Array(feeds.image.dims[0] * 256)) }
        : batchOf([gridWith([{ cell: 17, logit: 4 }]), gridWith([])], 5),
    );
    const predictor = createLocPredictor({ manifest: locStudentManifest() }, runner.run);
    const image = solidImage(128, 128);
    const [first, second] = await predictor.locateMany([
      { image, view: { x1: 30, y1: 40, x2: 90, y2: 100 }, phrase: 'Red circle' },
      { image, view: { x1: 0, y1: 0, x2: 128, y2: 128 }, phrase: 'small object' },
    ]);
    expect(runner.calls.map((c) => c.graph)).toEqual(['backbone', 'head']);
    const backbone = runner.calls[0].feeds;
    expect(backbone.image.dims).toEqual([2, 3, 128, 128]);
    expect((backbone.image.data as Float32Array)[0]).toBeCloseTo(128 / 255, 6);
    expect((backbone.image.data as Float32Array)[60]).toBe(0);
    expect(Array.from(backbone.phrase.data as BigInt64Array, Number)).toEqual([9, 3, 0, 0, 10, 8, 0, 0]);
    expect(Object.keys(runner.calls[1].feeds)).toEqual(['features']);
    expect(first).toEqual([{ x1: 34, y1: 44, x2: 50, y2: 60, score: sigmoid(4) }]);
    expect(second).toEqual([]);
    expect(predictor.canLocate('large blue stars')).toBe(true);
  });

  it('rejects an empty view with INVALID_INPUT before running anything', async () => {
    const runner = fakeRunner(() => ({}));
    const predictor = createLocPredictor({ manifest: locStudentManifest() }, runner.run);
    await expect(predictor.locate(solidImage(8, 8), { x1: 4, y1: 4, x2: 4, y2: 8 }, 'object')).rejects.toMatchObject({ reason: 'INVALID_INPUT' });
    expect(runner.calls).toHaveLength(0);
  });

  it('fails with MODEL_OUTPUT_INVALID when the model returns a grid of the wrong shape', async () => {
    const runner = fakeRunner((graph): TensorMap => (graph === 'backbone' ? { features: f32([1], [0]) } : { grid: f32([1, 10, 5], new Float32Array(50)) }));
    const predictor = createLocPredictor({ manifest: locStudentManifest() }, runner.run);
    await expect(predictor.locate(solidImage(8, 8), { x1: 0, y1: 0, x2: 8, y2: 8 }, 'object')).rejects.toMatchObject({
      code: 'INTERNAL',
      reason: 'MODEL_OUTPUT_INVALID',
    });
  });
});

describe('the LOC teacher adapter', () => {
  // shape logits at 5..10 (circle first), colour logits at 11..18 (red first)
  const shapeLogits = [3, 0, 0, 0, 0, 0];
  const colourLogits = [2, 0.5, 0, 0, 0, 0, 0, 0];
  const grid = gridWith([{ cell: 17, logit: 2, extra: [...shapeLogits, ...colourLogits] }], 19);

  it('scores a phrase as objectness × P(shape) × P(colour) and feeds no phrase tokens', async () => {
    const runner = fakeRunner(() => batchOf([grid], 19));
    const predictor = createLocPredictor({ manifest: locTeacherManifest() }, runner.run);
    const image = solidImage(128, 128);
    const [box] = await predictor.locate(image, { x1: 0, y1: 0, x2: 128, y2: 128 }, 'the red circles');
    expect(Object.keys(runner.calls[0].feeds)).toEqual(['image']);
    expect(runner.calls[0].graph).toBe('model');
    expect(box.score).toBeCloseTo(sigmoid(2) * softmax(shapeLogits)[0] * softmax(colourLogits)[0], 6);
    const [orange] = await predictor.locate(image, { x1: 0, y1: 0, x2: 128, y2: 128 }, 'orange object');
    expect(orange.score).toBeCloseTo(sigmoid(2) * softmax(colourLogits)[1], 6);
    const [any] = await predictor.locate(image, { x1: 0, y1: 0, x2: 128, y2: 128 }, 'objects');
    expect(any.score).toBeCloseTo(sigmoid(2), 6);
  });

  it('refuses a size word with a FAILED_PRECONDITION OUTSIDE_LABEL_SPACE error naming it', async () => {
    const runner = fakeRunner(() => batchOf([grid], 19));
    const predictor = createLocPredictor({ manifest: locTeacherManifest() }, runner.run);
    expect(predictor.canLocate('small red circle')).toBe(false);
    expect(predictor.canLocate('red circle')).toBe(true);
    const error = await predictor.locate(solidImage(8, 8), { x1: 0, y1: 0, x2: 8, y2: 8 }, 'small red circle').catch((e: unknown) => e);
    expect(isModelError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'OUTSIDE_LABEL_SPACE', metadata: { word: 'small' } });
    expect(runner.calls).toHaveLength(0);
  });
});

describe('the FACEDET predictor', () => {
  it('labels every face box and honours the score threshold', async () => {
    const runner = fakeRunner((graph): TensorMap =>
      graph === 'backbone' ? { features: f32([1], [0]) } : batchOf([gridWith([{ cell: 0, logit: 1 }, { cell: 255, logit: -1 }])], 5),
    );
    const predictor = createFacedetPredictor({ manifest: facedetStudentManifest() }, runner.run);
    const faces = await predictor.detectFaces(solidImage(128, 128), { x1: 0, y1: 0, x2: 128, y2: 128 }, { scoreThreshold: 0.5 });
    expect(faces).toHaveLength(1);
    expect(faces[0]).toMatchObject({ label: 'face', x1: -4, y1: -4 });
  });

  it("serves at the manifest's operating threshold unless the request names its own", async () => {
    // Scores: sigmoid(1) ≈ 0.73, sigmoid(-1) ≈ 0.27, sigmoid(-2.5) ≈ 0.08 (above the default 0.05).
    const grid = gridWith([{ cell: 0, logit: 1 }, { cell: 100, logit: -1 }, { cell: 255, logit: -2.5 }]);
    const runner = fakeRunner((graph): TensorMap => (graph === 'backbone' ? { features: f32([1], [0]) } : batchOf([grid], 5)));
    const view = { x1: 0, y1: 0, x2: 128, y2: 128 };
    const plain = createFacedetPredictor({ manifest: facedetStudentManifest() }, runner.run);
    expect(await plain.detectFaces(solidImage(128, 128), view)).toHaveLength(3);
    const manifest = facedetStudentManifest();
    const operating = createFacedetPredictor({ manifest: { ...manifest, decode: { ...manifest.decode, operatingThreshold: 0.5 } } }, runner.run);
    const served = await operating.detectFaces(solidImage(128, 128), view);
    expect(served.map((f) => f.score)).toEqual([sigmoid(1)]);
    expect(await operating.detectFaces(solidImage(128, 128), view, { scoreThreshold: 0.2 })).toHaveLength(2);
  });
});
