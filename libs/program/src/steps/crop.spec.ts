import { parseProgram } from '../dsl/parser';
import type { BoxesValue, Detection, ImageValue, ModuleBackend, Rect } from '../values';
import { findStep } from './catalogue';
import { CROP_GEOMETRY } from './crop-relative';
import type { StepContext } from './step';

const view = (rect: Rect): ImageValue => ({ kind: 'image', root: 'IMAGE', rect });
const boxes = (image: ImageValue, ...list: Detection[]): BoxesValue => ({ kind: 'boxes', image, boxes: list });
const box = (x1: number, y1: number, x2: number, y2: number): Detection => ({ x1, y1, x2, y2, score: 1 });
const unused = {} as ModuleBackend;

async function crop(op: string, image: ImageValue, b: BoxesValue): Promise<unknown> {
  const module = findStep(op);
  if (module === undefined) throw new Error(`no module for ${op}`);
  const step = parseProgram(`X=${op}(image=IMAGE,box=B)`).steps[0];
  const ctx: StepContext = { op, backend: unused, signal: new AbortController().signal, step, vars: {} };
  return module.execute({ image, box: b }, ctx);
}

describe('CROP', () => {
  const image = view({ x1: 0, y1: 0, x2: 128, y2: 128 });

  it('pads the first box by 10% of its size on each side', async () => {
    expect(await crop('CROP', image, boxes(image, box(40, 40, 80, 60), box(0, 0, 5, 5)))).toEqual(view({ x1: 36, y1: 38, x2: 84, y2: 62 }));
  });

  it('pads small boxes by at least 2 px', async () => {
    expect(await crop('CROP', image, boxes(image, box(10, 10, 14, 14)))).toEqual(view({ x1: 8, y1: 8, x2: 16, y2: 16 }));
  });

  it('clamps the padded box to the view, not just to the root image', async () => {
    const inner = view({ x1: 20, y1: 20, x2: 60, y2: 60 });
    expect(await crop('CROP', inner, boxes(inner, box(18, 30, 40, 62)))).toEqual(view({ x1: 20, y1: 27, x2: 42, y2: 60 }));
  });

  it('keeps at least one pixel when the box lies outside the view', async () => {
    const inner = view({ x1: 20, y1: 20, x2: 60, y2: 60 });
    expect(await crop('CROP', inner, boxes(inner, box(100, 100, 110, 110)))).toEqual(view({ x1: 59, y1: 59, x2: 60, y2: 60 }));
  });

  it('returns the input view unchanged for an empty box list', async () => {
    expect(await crop('CROP', image, boxes(image))).toBe(image);
  });
});

describe('the CROP_* family', () => {
  const image = view({ x1: 10, y1: 20, x2: 110, y2: 120 });
  const star = boxes(image, box(40, 50, 61, 71), box(0, 0, 1, 1));

  it.each([
    ['CROP_LEFTOF', { x1: 10, y1: 20, x2: 51, y2: 120 }],
    ['CROP_RIGHTOF', { x1: 51, y1: 20, x2: 110, y2: 120 }],
    ['CROP_ABOVE', { x1: 10, y1: 20, x2: 110, y2: 61 }],
    ['CROP_BELOW', { x1: 10, y1: 61, x2: 110, y2: 120 }],
  ])('%s cuts the view at the rounded centre of the first box', async (op, rect) => {
    expect(await crop(op, image, star)).toEqual(view(rect));
  });

  it.each([
    ['CROP_FRONTOF', 'CROP_BELOW'],
    ['CROP_INFRONTOF', 'CROP_BELOW'],
    ['CROP_INFRONT', 'CROP_BELOW'],
    ['CROP_BEHIND', 'CROP_ABOVE'],
    ['CROP_AHEAD', 'CROP_ABOVE'],
  ])('%s is the same geometry as %s', async (alias, canonical) => {
    expect(await crop(alias, image, star)).toEqual(await crop(canonical, image, star));
  });

  it('is one module serving every spelling in the table', () => {
    const modules = new Set(Object.keys(CROP_GEOMETRY).map((op) => findStep(op)));
    expect(modules.size).toBe(1);
  });

  it('keeps at least one pixel when the centre lies on the edge of the view', async () => {
    const edge = boxes(image, box(0, 0, 20, 40));
    expect(await crop('CROP_LEFTOF', image, edge)).toEqual(view({ x1: 10, y1: 20, x2: 11, y2: 120 }));
    const far = boxes(image, box(200, 200, 220, 220));
    expect(await crop('CROP_RIGHTOF', image, far)).toEqual(view({ x1: 109, y1: 20, x2: 110, y2: 120 }));
    expect(await crop('CROP_BELOW', image, far)).toEqual(view({ x1: 10, y1: 119, x2: 110, y2: 120 }));
  });

  it('returns the input view unchanged for an empty box list, for every spelling', async () => {
    for (const op of Object.keys(CROP_GEOMETRY)) expect(await crop(op, image, boxes(image))).toBe(image);
  });

  it('describes the crop with the direction in words', () => {
    const module = findStep('CROP_LEFTOF');
    const output = view({ x1: 10, y1: 20, x2: 51, y2: 120 });
    expect(module?.describe({ image, box: star }, output, 'CROP_BEHIND')).toEqual({
      text: 'Cropped the region above the first box',
      image,
      boxes: [star.boxes[0]],
      crop: output,
    });
  });
});
