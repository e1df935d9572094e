import { parseProgram } from '../dsl/parser';
import { inferInputs } from './infer-inputs';

describe('inferInputs', () => {
  it('expects LEFT and RIGHT when a step reads an image of the pair', () => {
    expect(inferInputs(parseProgram("A=VQA(image=RIGHT,question='q')\nF=RESULT(var=A)"))).toEqual(['LEFT', 'RIGHT']);
  });

  it('expects IMAGE otherwise, also when LEFT is only a quoted word', () => {
    expect(inferInputs(parseProgram("B=LOC(image=IMAGE,object='LEFT')\nF=RESULT(var=B)"))).toEqual(['IMAGE']);
  });

  it('does not count a LEFT that the program defines itself', () => {
    expect(inferInputs(parseProgram("LEFT=LOC(image=IMAGE,object='x')\nN=COUNT(box=LEFT)\nF=RESULT(var=N)"))).toEqual(['IMAGE']);
  });
});
