import { parseProgram } from '../dsl/parser';
import { isProgramError, type ProgramErrorData } from '../errors';
import { validateProgram } from './validate-program';

function problem(text: string, inputs: readonly string[] = ['IMAGE']): ProgramErrorData {
  try {
    validateProgram(parseProgram(text), inputs);
  } catch (error) {
    if (isProgramError(error)) return error;
    throw error;
  }
  throw new Error(`expected a validation error for ${JSON.stringify(text)}`);
}

const GQA = [
  "BOX0=LOC(image=IMAGE,object='red star')",
  'IMAGE0=CROP_LEFTOF(image=IMAGE,box=BOX0)',
  "BOX1=LOC(image=IMAGE0,object='object')",
  'ANSWER0=COUNT(box=BOX1)',
  'ANSWER1=EVAL(expr="\'yes\' if {ANSWER0} > 0 else \'no\'")',
  'FINAL_RESULT=RESULT(var=ANSWER1)',
].join('\n');

describe('validateProgram', () => {
  it('accepts the example programs of every task', () => {
    expect(() => validateProgram(parseProgram(GQA), ['IMAGE'])).not.toThrow();
    const nlvr = "A0=VQA(image=LEFT,question='q?')\nA1=VQA(image=RIGHT,question='q?')\nA2=EVAL(expr='{A0} + {A1} == 3')\nF=RESULT(var=A2)";
    expect(() => validateProgram(parseProgram(nlvr), ['LEFT', 'RIGHT'])).not.toThrow();
    const face = "O0=FACEDET(image=IMAGE)\nO1=CLASSIFY(image=IMAGE,object=O0,categories=['smiling','frowning'])\nI0=TAG(image=IMAGE,object=O1)\nF=RESULT(var=I0)";
    expect(() => validateProgram(parseProgram(face), ['IMAGE'])).not.toThrow();
  });

  it('accepts every CROP_* spelling and the lower-case forms of ops and argument names', () => {
    for (const op of ['crop', 'Crop_LeftOf', 'CROP_RIGHTOF', 'CROP_ABOVE', 'CROP_BELOW', 'CROP_FRONTOF', 'CROP_INFRONTOF', 'CROP_INFRONT', 'CROP_BEHIND', 'CROP_AHEAD']) {
      const text = `B=LOC(IMAGE=IMAGE,Object='x')\nI=${op}(image=IMAGE,BOX=B)\nF=RESULT(var=I)`;
      expect(() => validateProgram(parseProgram(text), ['IMAGE'])).not.toThrow();
    }
  });

  it('names an unknown op with its position, the known ops and a likely spelling', () => {
    const error = problem("B=LOCATE(image=IMAGE,object='x')\nF=RESULT(var=B)");
    expect(error).toMatchObject({ reason: 'PROGRAM_INVALID', line: 1, column: 3 });
    expect(error.message).toContain("unknown op 'LOCATE'");
    expect(error.expected).toContain('LOC');
    expect(error.expected).toContain('CROP_LEFTOF');
  });

  it('rejects unknown, duplicated and missing arguments', () => {
    expect(problem("B=LOC(image=IMAGE,objekt='x')\nF=RESULT(var=B)")).toMatchObject({ line: 1, column: 19, expected: ['image', 'object'] });
    expect(problem("B=LOC(image=IMAGE,object='x',Object='y')\nF=RESULT(var=B)")).toMatchObject({ line: 1, column: 30 });
    const missing = problem('B=LOC(image=IMAGE)\nF=RESULT(var=B)');
    expect(missing).toMatchObject({ line: 1, column: 3, expected: ['object=...'] });
    expect(missing.message).toContain("needs argument 'object'");
  });

  it('checks argument kinds: variables, quoted strings and lists of strings', () => {
    expect(problem('B=LOC(image=IMAGE,object=IMAGE)\nF=RESULT(var=B)')).toMatchObject({ line: 1, column: 26, expected: ['a quoted string'] });
    expect(problem("B=LOC(image='IMAGE',object='x')\nF=RESULT(var=B)")).toMatchObject({ column: 13, expected: ['a variable'] });
    expect(problem("O=FACEDET(image=IMAGE)\nC=CLASSIFY(image=IMAGE,object=O,categories='a')\nF=RESULT(var=C)")).toMatchObject({ line: 2, column: 44 });
    expect(problem('O=FACEDET(image=IMAGE)\nC=CLASSIFY(image=IMAGE,object=O,categories=[])\nF=RESULT(var=C)').message).toContain('at least one item');
    expect(problem("O=FACEDET(image=IMAGE)\nC=CLASSIFY(image=IMAGE,object=O,categories=['a',2])\nF=RESULT(var=C)")).toMatchObject({ line: 2, column: 49 });
  });

  it('checks variable types: a COUNT of an image and a CROP of a number are errors', () => {
    const count = problem('N=COUNT(box=IMAGE)\nF=RESULT(var=N)');
    expect(count).toMatchObject({ line: 1, column: 13, expected: ['a variable holding boxes'] });
    expect(count.message).toContain("'IMAGE' holds image");
    const crop = problem("B=LOC(image=IMAGE,object='x')\nN=COUNT(box=B)\nI=CROP(image=IMAGE,box=N)\nF=RESULT(var=I)");
    expect(crop).toMatchObject({ line: 3, column: 24 });
  });

  it('requires every variable to be defined before use and suggests a near name', () => {
    const later = problem("N=COUNT(box=B)\nB=LOC(image=IMAGE,object='x')\nF=RESULT(var=N)");
    expect(later).toMatchObject({ line: 1, column: 13 });
    expect(later.message).toContain("variable 'B' is not defined before this step");
    expect(problem("B=LOC(image=image,object='x')\nF=RESULT(var=B)").message).toContain('did you mean IMAGE?');
  });

  it('rejects redefining an input or an earlier variable', () => {
    expect(problem("IMAGE=LOC(image=IMAGE,object='x')\nF=RESULT(var=IMAGE)")).toMatchObject({ line: 1, column: 1 });
    expect(problem("IMAGE=LOC(image=IMAGE,object='x')\nF=RESULT(var=IMAGE)").message).toContain('as a program input');
    expect(problem("B=LOC(image=IMAGE,object='x')\nB=LOC(image=IMAGE,object='y')\nF=RESULT(var=B)")).toMatchObject({ line: 2, column: 1 });
  });

  it('requires a RESULT as the last step and nowhere else', () => {
    expect(problem("B=LOC(image=IMAGE,object='x')")).toMatchObject({ line: 1, column: 3, expected: ['RESULT'] });
    expect(problem("F=RESULT(var=IMAGE)\nB=LOC(image=IMAGE,object='x')").message).toContain('RESULT must be the last step');
    expect(problem('')).toMatchObject({ reason: 'PROGRAM_INVALID', expected: ['a step'] });
  });

  it('uses the inputs it is given: LEFT and RIGHT exist for NLVR, IMAGE does not', () => {
    expect(problem("A=VQA(image=IMAGE,question='q')\nF=RESULT(var=A)", ['LEFT', 'RIGHT']).message).toContain("'IMAGE' is not defined");
  });

  it('parses EVAL expressions up front and points at the bad character in the program source', () => {
    const error = problem("B=LOC(image=IMAGE,object='x')\nN=COUNT(box=B)\nA=EVAL(expr='{N} > 0 && {N} < 3')\nF=RESULT(var=A)");
    expect(error).toMatchObject({ reason: 'EVAL_SYNTAX', line: 3, column: 22 });
    expect(error.message).toContain("use 'and'");
  });

  it('checks the variables an EVAL expression uses: defined, and not images or boxes', () => {
    const undefinedVar = problem("A=EVAL(expr='{ANSWER9} == 1')\nF=RESULT(var=A)");
    expect(undefinedVar).toMatchObject({ reason: 'PROGRAM_INVALID', line: 1, column: 14 });
    const boxes = problem("B=LOC(image=IMAGE,object='x')\nA=EVAL(expr=\"'{B}' == 'x'\")\nF=RESULT(var=A)");
    expect(boxes).toMatchObject({ line: 2, column: 15 });
    expect(boxes.message).toContain('holds boxes');
  });

  it('reports every problem as a field violation, the first one as the error itself', () => {
    const error = problem("B=LOC(image=IMG,object=3)\nC=FOO(x=1)\nB=COUNT(box=B)");
    expect(error.fieldViolations?.map((v) => v.field)).toEqual([
      'steps[0].args.image',
      'steps[0].args.object',
      'steps[1].op',
      'steps[2].output',
      'steps[2].op',
    ]);
    expect(error.message).toMatch(/^line 1, column 13: variable 'IMG' is not defined before this step \(did you mean IMAGE\?\) \(and 4 more problems\)$/);
  });
});
