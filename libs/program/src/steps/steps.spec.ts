import { parseProgram } from '../dsl/parser';
import type { BoxesValue, CallOptions, Detection, ImageValue, ModuleBackend } from '../values';
import { findStep } from './catalogue';
import type { ResolvedArgs, StepContext } from './step';

const image: ImageValue = { kind: 'image', root: 'IMAGE', rect: { x1: 0, y1: 0, x2: 100, y2: 60 } };
const det = (x1: number, label?: string): Detection => ({ x1, y1: 0, x2: x1 + 10, y2: 10, score: 0.5, ...(label ? { label } : {}) });

/** A recording test double of the library's own ModuleBackend interface. */
function recordingBackend(): ModuleBackend & { calls: Array<{ method: string; signal: AbortSignal }> } {
  const calls: Array<{ method: string; signal: AbortSignal }> = [];
  const note = (method: string, options: CallOptions) => calls.push({ method, signal: options.signal });
  return {
    calls,
    async locate(_image, object, options) {
      note(`locate:${object}`, options);
      return [{ ...det(5), extra: 'dropped' } as Detection, det(50)];
    },
    async detectFaces(_image, options) {
      note('detectFaces', options);
      return [det(1)];
    },
    async classify(_image, boxes, categories, options) {
      note(`classify:${categories.join('|')}`, options);
      return boxes.map((_, i) => ({ label: categories[i % categories.length], scores: categories.map(() => 0.5) }));
    },
    async answer(_image, question, options) {
      note(`answer:${question}`, options);
      return { answer: 'blue', score: 0.7 };
    },
  };
}

async function run(op: string, args: ResolvedArgs, backend = recordingBackend(), signal = new AbortController().signal) {
  const module = findStep(op);
  if (module === undefined) throw new Error(op);
  const step = parseProgram(`X=${op}()`).steps[0];
  const ctx: StepContext = { op, backend, signal, step, vars: {} };
  const output = await module.execute(args, ctx);
  return { output, backend, rationale: module.describe(args, output, op) };
}

describe('LOC', () => {
  it('asks the backend for the phrase, passes the run signal and keeps only plain detection fields', async () => {
    const signal = new AbortController().signal;
    const { output, backend, rationale } = await run('LOC', { image, object: 'red star' }, recordingBackend(), signal);
    expect(output).toEqual({ kind: 'boxes', image, boxes: [det(5), det(50)] });
    expect(backend.calls).toEqual([{ method: 'locate:red star', signal }]);
    expect(rationale).toEqual({ text: "Found 2 × 'red star'", image, boxes: [det(5), det(50)] });
  });

  it.each([
    ['LEFT', { x1: 0, y1: 0, x2: 50, y2: 60 }],
    ['right', { x1: 50, y1: 0, x2: 100, y2: 60 }],
    [' Top ', { x1: 0, y1: 0, x2: 100, y2: 30 }],
    ['BOTTOM', { x1: 0, y1: 30, x2: 100, y2: 60 }],
  ])('answers the region word %j itself with one score-1 box over that half', async (word, rect) => {
    const { output, backend } = await run('LOC', { image, object: word });
    expect(output).toEqual({ kind: 'boxes', image, boxes: [{ ...rect, score: 1 }] });
    expect(backend.calls).toEqual([]);
  });

  it('computes region halves inside a cropped view', async () => {
    const inner: ImageValue = { kind: 'image', root: 'IMAGE', rect: { x1: 20, y1: 10, x2: 31, y2: 20 } };
    const { output } = await run('LOC', { image: inner, object: 'left' });
    expect((output as BoxesValue).boxes).toEqual([{ x1: 20, y1: 10, x2: 26, y2: 20, score: 1 }]);
  });
});

describe('FACEDET, CLASSIFY, TAG, COUNT and VQA', () => {
  it('FACEDET returns the backend faces as boxes', async () => {
    const { output, backend } = await run('FACEDET', { image });
    expect(output).toEqual({ kind: 'boxes', image, boxes: [det(1)] });
    expect(backend.calls.map((c) => c.method)).toEqual(['detectFaces']);
  });

  it('CLASSIFY labels each box with the best category', async () => {
    const faces: BoxesValue = { kind: 'boxes', image, boxes: [det(1), det(30)] };
    const { output, rationale } = await run('CLASSIFY', { image, object: faces, categories: ['smiling', 'frowning'] });
    expect(output).toEqual({ kind: 'boxes', image, boxes: [det(1, 'smiling'), det(30, 'frowning')] });
    expect(rationale.text).toBe('Classified 2 box(es): smiling, frowning');
  });

  it('CLASSIFY of no boxes makes no backend call', async () => {
    const { output, backend } = await run('CLASSIFY', { image, object: { kind: 'boxes', image, boxes: [] }, categories: ['a'] });
    expect(output).toEqual({ kind: 'boxes', image, boxes: [] });
    expect(backend.calls).toEqual([]);
  });

  it('CLASSIFY fails when the backend answers for the wrong number of boxes', async () => {
    const backend = recordingBackend();
    backend.classify = async () => [];
    await expect(run('CLASSIFY', { image, object: { kind: 'boxes', image, boxes: [det(1)] }, categories: ['a'] }, backend)).rejects.toMatchObject({
      code: 'INTERNAL',
      reason: 'STEP_FAILED',
    });
  });

  it('TAG turns labelled boxes into tags on the image', async () => {
    const labelled: BoxesValue = { kind: 'boxes', image, boxes: [det(1, 'smiling')] };
    expect((await run('TAG', { image, object: labelled })).output).toEqual({ kind: 'tags', image, tags: [det(1, 'smiling')] });
  });

  it('COUNT counts boxes, and an empty list counts 0', async () => {
    expect((await run('COUNT', { box: { kind: 'boxes', image, boxes: [det(1), det(2), det(3)] } })).output).toBe(3);
    expect((await run('COUNT', { box: { kind: 'boxes', image, boxes: [] } })).output).toBe(0);
  });

  it('VQA returns the answer string', async () => {
    const { output, rationale } = await run('VQA', { image, question: 'What colour?' });
    expect(output).toBe('blue');
    expect(rationale).toEqual({ text: 'Q: What colour? A: blue', image });
  });
});

describe('RESULT', () => {
  it('passes its variable through and describes tags with their boxes', async () => {
    const tags = { kind: 'tags' as const, image, tags: [det(1, 'smiling')] };
    const { output, rationale } = await run('RESULT', { var: tags });
    expect(output).toBe(tags);
    expect(rationale).toEqual({ text: 'Result: 1 tag(s)', image, boxes: [det(1, 'smiling')] });
    expect((await run('RESULT', { var: 'no' })).rationale).toEqual({ text: 'Result: no' });
  });
});
