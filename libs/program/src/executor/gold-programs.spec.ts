import { parseProgram } from '../dsl/parser';
import { createSceneBackend, wholeImage } from '../testing/scene-backend';
import { executeProgram } from './execute-program';

describe('the example programs of each task', () => {
  it('runs the GQA relation program and answers yes when something is left of the red star', async () => {
    const program = parseProgram(
      [
        "BOX0=LOC(image=IMAGE,object='red star')",
        'IMAGE0=CROP_LEFTOF(image=IMAGE,box=BOX0)',
        "BOX1=LOC(image=IMAGE0,object='object')",
        'ANSWER0=COUNT(box=BOX1)',
        'ANSWER1=EVAL(expr="\'yes\' if {ANSWER0} > 0 else \'no\'")',
        'FINAL_RESULT=RESULT(var=ANSWER1)',
      ].join('\n'),
    );
    const scene = {
      IMAGE: [
        { name: 'red star', x1: 60, y1: 40, x2: 80, y2: 60 },
        { name: 'blue circle', x1: 10, y1: 10, x2: 30, y2: 30 },
      ],
    };
    const run = await executeProgram(program, { IMAGE: wholeImage('IMAGE') }, createSceneBackend(scene));
    expect(run.result).toBe('yes');
    expect(run.steps.map((s) => s.op)).toEqual(['LOC', 'CROP_LEFTOF', 'LOC', 'COUNT', 'EVAL', 'RESULT']);
    expect(run.steps[1].value).toEqual({ kind: 'image', root: 'IMAGE', rect: { x1: 0, y1: 0, x2: 70, y2: 100 } });
    expect(run.steps[3].value).toBe(1);
  });

  it('answers no when nothing but the star itself lies left of its centre', async () => {
    const program = parseProgram(
      "BOX0=LOC(image=IMAGE,object='red star')\nIMAGE0=CROP_LEFTOF(image=IMAGE,box=BOX0)\nBOX1=LOC(image=IMAGE0,object='blue')\n" +
        'ANSWER0=COUNT(box=BOX1)\nANSWER1=EVAL(expr="\'yes\' if {ANSWER0} > 0 else \'no\'")\nFINAL_RESULT=RESULT(var=ANSWER1)',
    );
    const scene = { IMAGE: [{ name: 'red star', x1: 10, y1: 40, x2: 30, y2: 60 }, { name: 'blue circle', x1: 60, y1: 10, x2: 80, y2: 30 }] };
    const run = await executeProgram(program, { IMAGE: wholeImage('IMAGE') }, createSceneBackend(scene));
    expect(run.result).toBe('no');
  });

  it('runs the NLVR program over LEFT and RIGHT and adds the two counts', async () => {
    const program = parseProgram(
      [
        "ANSWER0=VQA(image=LEFT,question='How many red circles are in the image?')",
        "ANSWER1=VQA(image=RIGHT,question='How many red circles are in the image?')",
        "ANSWER2=EVAL(expr='{ANSWER0} + {ANSWER1} == 3')",
        'FINAL_ANSWER=RESULT(var=ANSWER2)',
      ].join('\r\n'),
    );
    const circle = (x: number) => ({ name: 'red circle', x1: x, y1: 0, x2: x + 10, y2: 10 });
    const backend = createSceneBackend({ LEFT: [circle(0), circle(20)], RIGHT: [circle(50)] });
    const run = await executeProgram(program, { LEFT: wholeImage('LEFT'), RIGHT: wholeImage('RIGHT') }, backend);
    expect(run.result).toBe(true);
    expect(run.steps[0].value).toBe('2');
  });

  it('runs the face-tag program and tags every face with its expression', async () => {
    const program = parseProgram(
      [
        'OBJ0=FACEDET(image=IMAGE)',
        "OBJ1=CLASSIFY(image=IMAGE,object=OBJ0,categories=['smiling','frowning','surprised'])",
        'IMAGE0=TAG(image=IMAGE,object=OBJ1)',
        'FINAL_RESULT=RESULT(var=IMAGE0)',
      ].join('\n'),
    );
    const backend = createSceneBackend({
      IMAGE: [
        { name: 'face', label: 'frowning', x1: 0, y1: 0, x2: 20, y2: 20 },
        { name: 'face', label: 'surprised', x1: 50, y1: 50, x2: 70, y2: 70 },
        { name: 'red star', x1: 30, y1: 30, x2: 40, y2: 40 },
      ],
    });
    const run = await executeProgram(program, { IMAGE: wholeImage('IMAGE') }, backend);
    expect(run.result).toEqual({
      kind: 'tags',
      image: wholeImage('IMAGE'),
      tags: [
        { x1: 0, y1: 0, x2: 20, y2: 20, score: 0.9, label: 'frowning' },
        { x1: 50, y1: 50, x2: 70, y2: 70, score: 0.9, label: 'surprised' },
      ],
    });
  });
});
