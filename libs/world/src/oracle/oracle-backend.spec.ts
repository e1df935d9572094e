import type { Scene } from '../scene';
import { createOracleBackend } from './oracle-backend';

const box = (x1: number, y1: number, w: number) => ({ x1, y1, x2: x1 + w, y2: y1 + w });
const scene: Scene = {
  width: 128,
  height: 128,
  domain: 'dusk',
  objects: [
    { id: 0, shape: 'star', colour: 'red', size: 'large', box: box(10, 10, 30) },
    { id: 1, shape: 'circle', colour: 'red', size: 'small', box: box(80, 20, 16) },
    { id: 2, shape: 'circle', colour: 'blue', size: 'small', box: box(90, 90, 16) },
  ],
  faces: [{ id: 3, expression: 'surprised', box: box(20, 80, 26) }],
  decoys: [{ id: 4, box: box(60, 60, 20) }],
};
const oracle = createOracleBackend({ IMAGE: scene });
const signal = new AbortController().signal;
const full = { kind: 'image' as const, root: 'IMAGE', rect: { x1: 0, y1: 0, x2: 128, y2: 128 } };
const right = { ...full, rect: { x1: 64, y1: 0, x2: 128, y2: 128 } };

describe('the oracle backend', () => {
  it('locates the matching objects whose centre lies in the view', async () => {
    expect(await oracle.locate(full, 'red object', { signal })).toHaveLength(2);
    expect(await oracle.locate(right, 'red objects', { signal })).toEqual([{ ...scene.objects[1].box, score: 1 }]);
    expect(await oracle.locate(full, 'green star', { signal })).toEqual([]);
    expect(await oracle.locate(full, 'a flying saucer', { signal })).toEqual([]);
  });

  it('detects faces but not decoys', async () => {
    expect(await oracle.detectFaces(full, { signal })).toEqual([{ ...scene.faces[0].box, score: 1 }]);
    expect(await oracle.detectFaces(right, { signal })).toEqual([]);
  });

  it('classifies a box by the best-overlapping annotation in the asked label space', async () => {
    const shifted = { x1: 12, y1: 11, x2: 41, y2: 40, score: 0.9 };
    const [shape] = await oracle.classify(full, [shifted], ['circle', 'star'], { signal });
    expect(shape).toEqual({ label: 'star', scores: [0, 1] });
    const [face] = await oracle.classify(full, [{ ...scene.faces[0].box, score: 1 }], ['smiling', 'frowning', 'surprised'], { signal });
    expect(face.label).toBe('surprised');
  });

  it('answers VQA questions about the view it is given', async () => {
    expect(await oracle.answer(full, 'How many circles are in the image?', { signal })).toEqual({ answer: '2', score: 1 });
    expect((await oracle.answer(right, 'Is there a star?', { signal })).answer).toBe('no');
    const crop = { ...full, rect: { x1: 77, y1: 17, x2: 99, y2: 39 } };
    expect((await oracle.answer(crop, 'What color is the circle?', { signal })).answer).toBe('red');
    expect((await oracle.answer(full, 'What size is the star?', { signal })).answer).toBe('large');
    expect(await oracle.answer(full, 'What is the meaning of life?', { signal })).toEqual({ answer: 'unknown', score: 0 });
  });

  it('refuses an input it has no scene for', async () => {
    await expect(oracle.locate({ ...full, root: 'LEFT' }, 'star', { signal })).rejects.toThrow(RangeError);
  });
});
