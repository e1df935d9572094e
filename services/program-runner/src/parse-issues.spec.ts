/** The issue codes, checked against the real validator's wording so that a rewording fails here. */
import { isProgramError, parseProgram, validateProgram, type ProgramErrorData } from '@vprog/program';
import { programIssues } from './parse-issues';

function codes(text: string, inputs: readonly string[] = ['IMAGE']): string[] {
  try {
    validateProgram(parseProgram(text), inputs);
  } catch (error) {
    if (isProgramError(error)) return programIssues(error as ProgramErrorData).map((i) => i.code);
    throw error;
  }
  return [];
}

describe('programIssues', () => {
  it.each([
    ["B=LOC(image=IMAGE,object='x'", 'SYNTAX_ERROR'],
    ["B=LOCATE(image=IMAGE,object='x')\nF=RESULT(var=B)", 'UNKNOWN_OP'],
    ["B=LOC(image=IMAGE,objekt='x')\nF=RESULT(var=B)", 'UNKNOWN_ARGUMENT'],
    ["B=LOC(image=IMAGE,object='x',object='y')\nF=RESULT(var=B)", 'DUPLICATE_ARGUMENT'],
    ['B=LOC(image=IMAGE)\nF=RESULT(var=B)', 'MISSING_ARGUMENT'],
    ["B=LOC(image=PICTURE,object='x')\nF=RESULT(var=B)", 'UNDEFINED_VARIABLE'],
    ["B=LOC(image=IMAGE,object='x')\nB=COUNT(box=B)\nF=RESULT(var=B)", 'DUPLICATE_VARIABLE'],
    ["F=RESULT(var=IMAGE)\nB=LOC(image=IMAGE,object='x')", 'RESULT_NOT_LAST'],
    ["B=LOC(image=IMAGE,object='x')", 'MISSING_RESULT'],
    ['', 'EMPTY_PROGRAM'],
    ["A=EVAL(expr='1 +')\nF=RESULT(var=A)", 'EVAL_ERROR'],
    ["B=LOC(image=IMAGE,object='x')\nA=EVAL(expr='{B} + 1')\nF=RESULT(var=A)", 'EVAL_ERROR'],
    ['B=LOC(image=IMAGE,object=IMAGE)\nF=RESULT(var=B)', 'WRONG_ARGUMENT_TYPE'],
    ["B=LOC(image=IMAGE,object='x')\nC=CROP(image=B,box=B)\nF=RESULT(var=C)", 'WRONG_ARGUMENT_TYPE'],
    ['O=FACEDET(image=IMAGE)\nC=CLASSIFY(image=IMAGE,object=O,categories=[])\nF=RESULT(var=C)', 'WRONG_ARGUMENT_TYPE'],
  ])('gives %j the code %s', (text, code) => {
    expect(codes(text)).toContain(code);
    expect(codes(text)).not.toContain('INVALID_PROGRAM');
  });

  it('reports a bad input name as BAD_INPUT_NAME', () => {
    expect(codes('F=RESULT(var=IMAGE)', ['IMAGE', 'not a name'])).toContain('BAD_INPUT_NAME');
  });
});
