import { PNG } from 'pngjs';
import { parseProgram } from '../dsl/parser';
import { executeProgram } from '../executor/execute-program';
import { createSceneBackend, wholeImage } from '../testing/scene-backend';
import type { RationaleInput } from './rationale-types';

/** A 100×100 PNG: pure red left of x = 70, pure blue from x = 70 on (the CROP_RIGHTOF boundary below). */
export function splitPng(): Buffer {
  const png = new PNG({ width: 100, height: 100 });
  for (let y = 0; y < 100; y += 1) {
    for (let x = 0; x < 100; x += 1) {
      const i = (y * 100 + x) * 4;
      png.data.set(x < 70 ? [255, 0, 0, 255] : [0, 0, 255, 255], i);
    }
  }
  return PNG.sync.write(png, { deflateLevel: 1 });
}

/** One step of every kind the page draws: LOC, CROP_RIGHTOF, LOC inside the crop, FACEDET, CLASSIFY, TAG, VQA, COUNT, EVAL, RESULT. */
export const FIXTURE_PROGRAM = [
  "BOX0=LOC(image=IMAGE,object='red star')",
  'IMAGE0=CROP_RIGHTOF(image=IMAGE,box=BOX0)',
  "BOX1=LOC(image=IMAGE0,object='blue square')",
  'FACES=FACEDET(image=IMAGE)',
  "MOODS=CLASSIFY(image=IMAGE,object=FACES,categories=['smiling','frowning'])",
  'TAGGED=TAG(image=IMAGE,object=MOODS)',
  "ANSWER0=VQA(image=IMAGE0,question='How many blue squares are in the image?')",
  'ANSWER1=COUNT(box=BOX1)',
  'ANSWER2=EVAL(expr="\'yes\' if {ANSWER1} > 0 else \'no\'")',
  'FINAL=RESULT(var=ANSWER2)',
].join('\n');

/** Runs {@link FIXTURE_PROGRAM} on a scene test double and returns what a rationale is built from. */
export async function fixtureRun(overrides: Partial<RationaleInput> = {}): Promise<RationaleInput> {
  const backend = createSceneBackend({
    IMAGE: [
      { name: 'red star', x1: 60, y1: 40, x2: 80, y2: 60 },
      { name: 'blue square', x1: 80, y1: 10, x2: 95, y2: 25 },
      { name: 'face', x1: 5, y1: 70, x2: 25, y2: 90, label: 'frowning' },
    ],
  });
  const run = await executeProgram(parseProgram(FIXTURE_PROGRAM), { IMAGE: wholeImage('IMAGE') }, backend);
  return {
    runId: 'run-1',
    question: 'Is there a blue square right of the red star?',
    program: FIXTURE_PROGRAM,
    answer: run.result,
    steps: run.steps,
    images: { IMAGE: { png: splitPng(), width: 100, height: 100 } },
    ...overrides,
  };
}
