import type { StepRecord } from '../executor/execution-types';
import { rationaleJson } from './build-rationale';
import { fixtureRun, FIXTURE_PROGRAM } from './rationale-fixture';

describe('the rationale as JSON', () => {
  it('lists every step in order with its program text, inputs, output text and what to draw', async () => {
    const doc = rationaleJson(await fixtureRun());
    expect(doc).toMatchObject({ version: 1, runId: 'run-1', answer: 'yes', answerText: 'yes', images: [{ name: 'IMAGE', width: 100, height: 100 }] });
    expect(doc.steps.map((s) => s.op)).toEqual(['LOC', 'CROP_RIGHTOF', 'LOC', 'FACEDET', 'CLASSIFY', 'TAG', 'VQA', 'COUNT', 'EVAL', 'RESULT']);
    expect(doc.steps.map((s) => s.source)).toEqual(FIXTURE_PROGRAM.split('\n'));
    const crop = doc.steps[1];
    expect(crop.crop).toEqual({ kind: 'image', root: 'IMAGE', rect: { x1: 70, y1: 0, x2: 100, y2: 100 } });
    expect(doc.steps[2]).toMatchObject({ outputText: '1 box', boxes: [{ x1: 80, y1: 10, x2: 95, y2: 25 }] });
    expect(doc.steps[4].outputText).toBe('1 box: frowning');
    expect(doc.steps[6]).toMatchObject({ outputText: '1', inputs: [{ name: 'image' }, { name: 'question', value: 'How many blue squares are in the image?' }] });
  });

  it('is plain JSON without the pixels', async () => {
    const doc = rationaleJson(await fixtureRun());
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(JSON.stringify(doc)).not.toContain('base64');
    expect(JSON.stringify(doc).length).toBeLessThan(20_000);
  });

  it('sorts steps by index, keeps a failed step with its error, and spans steps written over several lines', async () => {
    const program = "A=LOC(image=IMAGE,\n  object='cat')\n\nB=COUNT(box=A)\nC=RESULT(var=B)";
    const base = (await fixtureRun()).steps[0];
    const failed: StepRecord = { ...base, index: 1, output: 'B', op: 'COUNT', line: 4, value: undefined, rationale: undefined, error: { code: 'INTERNAL', reason: 'STEP_FAILED', message: 'no', line: 4, column: 1 } };
    const doc = rationaleJson({ runId: 'r', program, steps: [failed, base], images: {}, error: { code: 'INTERNAL', reason: 'STEP_FAILED', message: 'no' } });
    expect(doc.steps.map((s) => s.index)).toEqual([0, 1]);
    expect(doc.steps[0].source).toBe("A=LOC(image=IMAGE,\n  object='cat')");
    expect(doc.steps[1]).toMatchObject({ source: 'B=COUNT(box=A)', error: { reason: 'STEP_FAILED', message: 'no' } });
    expect(doc.steps[1].outputText).toBeUndefined();
    expect(doc.answer).toBeUndefined();
    expect(doc.error).toEqual({ code: 'INTERNAL', reason: 'STEP_FAILED', message: 'no' });
  });
});
