/** The Parse RPC on a real server: problems come back as issues in an OK response, never as a status. */
import { startRunnerFixture, type RunnerFixture } from './testing/runner-fixture';

describe('Parse', () => {
  let fixture: RunnerFixture;
  beforeAll(async () => {
    fixture = await startRunnerFixture();
  });
  afterAll(() => fixture.close());

  it('returns the parsed steps with their arguments and positions for a valid program', async () => {
    const program = "O0=FACEDET(image=IMAGE)\nO1=CLASSIFY(image=IMAGE,object=O0,categories=['smiling','frowning'])\nI0=TAG(image=IMAGE,object=O1)\nF=RESULT(var=I0)";
    const response = await fixture.client.parse({ program, imageNames: [] });
    expect(response.issues).toEqual([]);
    expect(response.steps.map((s) => [s.index, s.outputVar, s.op, s.position?.line])).toEqual([
      [0, 'O0', 'FACEDET', 1],
      [1, 'O1', 'CLASSIFY', 2],
      [2, 'I0', 'TAG', 3],
      [3, 'F', 'RESULT', 4],
    ]);
    expect(response.steps[1].arguments[2]).toEqual({ name: 'categories', value: { $case: 'list', value: { items: [{ kind: { $case: 'text', value: 'smiling' } }, { kind: { $case: 'text', value: 'frowning' } }] } } });
  });

  it('reports a syntax error as one issue with its line and column', async () => {
    const response = await fixture.client.parse({ program: "B=LOC(image=IMAGE,object='x'", imageNames: [] });
    expect(response.steps).toEqual([]);
    expect(response.issues).toEqual([{ code: 'SYNTAX_ERROR', message: "expected ',' or ')' after an argument, found end of program (the '(' of LOC at line 1, column 6 is never closed)", position: { line: 1, column: 29 } }]);
  });

  it('reports every validation problem with a stable code, against the given image names', async () => {
    const program = "A0=VQA(image=IMAGE,question='q')\nA1=VQA(image=RIGHT,question='q')\nA2=EVAL(expr='{A0} + {A3}')\nA1=RESULT(var=A2)";
    const response = await fixture.client.parse({ program, imageNames: ['LEFT', 'RIGHT'] });
    expect(response.issues.map((i) => [i.code, i.position?.line, i.position?.column])).toEqual([
      ['UNDEFINED_VARIABLE', 1, 14],
      ['UNDEFINED_VARIABLE', 3, 22],
      ['DUPLICATE_VARIABLE', 4, 1],
    ]);
  });

  it('keeps serving after a program that is not even text the lexer knows', async () => {
    expect((await fixture.client.parse({ program: '\u0000\u0001 ☃', imageNames: [] })).issues[0]).toMatchObject({ code: 'SYNTAX_ERROR' });
    expect((await fixture.client.parse({ program: 'F=RESULT(var=IMAGE)', imageNames: [] })).issues).toEqual([]);
  });
});
