import { join } from 'node:path';
import { loadManifest } from '../manifest/load-manifest';
import type { Manifest } from '../manifest/manifest-schema';
import { solidImage } from '../testing/fake-runner';
import type { TensorMap } from '../tensor';
import { createTrainingView } from './training-view';

const ZOO = process.env.VPROG_MODELS_DIR ?? join(__dirname, '..', '..', '..', '..', 'models');
const manifestOf = async (module: string): Promise<Manifest> => (await loadManifest(join(ZOO, module, 'student', 'v1'))).manifest;

/** Backbone outputs whose every value is its row index, so slices can be checked by value. */
function rowValued(dims: number[]): { type: 'float32'; dims: number[]; data: Float32Array } {
  const row = dims.slice(1).reduce((a, b) => a * b, 1);
  return { type: 'float32', dims, data: Float32Array.from({ length: dims[0] * row }, (_, i) => Math.floor(i / row)) };
}

describe('createTrainingView', () => {
  it('vqa: one row per request, question tokens per row, cells and question code sliced per row and answers over the head labels', async () => {
    const manifest = await manifestOf('vqa');
    const view = createTrainingView(manifest);
    expect(view).toMatchObject({ module: 'vqa', output: 'logits', rowInputs: ['cells', 'question_code'], loss: { kind: 'softmax' } });
    const image = solidImage(64, 48);
    const a = view.prepare({ image, view: { x1: 0, y1: 0, x2: 64, y2: 48 }, question: 'How many circles are there?' });
    const b = view.prepare({ image, view: { x1: 0, y1: 0, x2: 64, y2: 48 }, question: 'What color is the star?' });
    expect(a.key).not.toBe(b.key);
    expect(view.prepare({ image, view: { x1: 0, y1: 0, x2: 64, y2: 48 }, question: 'How many circles are there?' }).key).toBe(a.key);
    const feeds = view.backboneFeeds([a, b]);
    expect(feeds.image.dims).toEqual([2, 3, 128, 128]);
    expect(feeds.question.dims).toEqual([2, 16]);
    const split = view.splitFeatures({ cells: rowValued([2, 256, 97]), question_code: rowValued([2, 1, 128]) } as TensorMap, [a, b]);
    expect(split[1].feeds.cells.dims).toEqual([1, 256, 97]);
    expect(split[1].feeds.cells.data.every((v) => v === 1)).toBe(true);
    expect(split[1].feeds.question_code.dims).toEqual([1, 1, 128]);
    expect(split[1].feeds.question_code.data.every((v) => v === 1)).toBe(true);
    expect(split[1].sharedKey).toBeUndefined();
    const target = view.encodeTarget(a, { image, view: { x1: 0, y1: 0, x2: 64, y2: 48 }, question: 'q' }, { kind: 'answers', answers: [{ label: '3', score: 1 }] });
    expect(target.dims).toEqual([1, manifest.labels!.length]);
    expect(target.data[manifest.labels!.indexOf('3')]).toBe(1);
  });

  it('classify: one row per box, the category tokens shared by the group, text_features shared under the category key', async () => {
    const view = createTrainingView(await manifestOf('classify'));
    expect(view.rowInputs).toEqual(['image_features']);
    const image = solidImage(64, 64);
    const categories = ['circle', 'square', 'star'];
    const a = view.prepare({ image, boxes: [{ x1: 0, y1: 0, x2: 20, y2: 20 }, { x1: 30, y1: 30, x2: 50, y2: 50 }], categories });
    const b = view.prepare({ image, boxes: [{ x1: 10, y1: 10, x2: 20, y2: 20 }], categories });
    expect(a.group).toBe(b.group);
    const feeds = view.backboneFeeds([a, b]);
    expect(feeds.image.dims).toEqual([3, 3, 32, 32]);
    expect(feeds.text.dims).toEqual([3, 12]);
    const split = view.splitFeatures({ image_features: rowValued([3, 256]), text_features: rowValued([3, 64]) } as TensorMap, [a, b]);
    expect(split[0].feeds.image_features.dims).toEqual([2, 256]);
    expect(split[1].feeds.image_features.data.every((v) => v === 2)).toBe(true);
    expect(split[1].feeds.text_features.dims).toEqual([3, 64]);
    expect(split[0].sharedKey).toBe(a.group);
    expect(view.encodeTarget(b, { image, boxes: [{ x1: 10, y1: 10, x2: 20, y2: 20 }], categories }, { kind: 'categories', distributions: [[{ label: 'star', score: 1 }]] }).dims).toEqual([1, 3]);
  });

  it('loc: letterboxes the view, keeps the phrase per row and encodes boxes on the canvas with the grid loss of the manifest', async () => {
    const view = createTrainingView(await manifestOf('loc'));
    expect(view.loss).toEqual({ kind: 'grid', stride: 8, grid: 16, boxScale: 16, canvas: 128 });
    const image = solidImage(256, 128);
    const request = { image, view: { x1: 0, y1: 0, x2: 256, y2: 128 }, phrase: 'red circle' };
    const input = view.prepare(request);
    expect(input.geometry).toEqual({ scale: 0.5, originX: 0, originY: 0 });
    const target = view.encodeTarget(input, request, { kind: 'boxes', boxes: [{ x1: 100, y1: 20, x2: 140, y2: 60, score: 0.7 }] });
    // canvas centre (60, 20) → col 7, row 2
    expect(Array.from(target.data.subarray((2 * 16 + 7) * 6, (2 * 16 + 8) * 6))).toEqual([Math.fround(0.7), 60, 20, 20, 20, 1]);
  });

  it('refuses a target of another module kind, naming it', async () => {
    const view = createTrainingView(await manifestOf('facedet'));
    const request = { image: solidImage(32, 32), view: { x1: 0, y1: 0, x2: 32, y2: 32 } };
    expect(() => view.encodeTarget(view.prepare(request), request, { kind: 'answers', answers: [] })).toThrow(expect.objectContaining({ reason: 'INVALID_INPUT' }));
  });
});
