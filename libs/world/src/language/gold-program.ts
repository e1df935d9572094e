import { EXPRESSIONS, SHAPES } from '../vocabulary';
import { phraseText, withNumber, type Phrase } from './phrase';
import { createProgramWriter, type ProgramWriter } from './program-writer';
import type { Attribute, ImageQuestionSpec, PairStatementSpec, QuestionSpec, Relation } from './question-spec';
import { vqaQuestionText } from './vqa-question';

/**
 * The program for a question spec, written the way an LLM prompted with VisProg's in-context
 * examples writes it. It is the gold program of generated items and the output of the template
 * parser, so both always agree.
 */

const CROP_FOR: Record<Relation, 'CROP_LEFTOF' | 'CROP_RIGHTOF' | 'CROP_ABOVE' | 'CROP_BELOW'> = {
  left: 'CROP_LEFTOF',
  right: 'CROP_RIGHTOF',
  above: 'CROP_ABOVE',
  below: 'CROP_BELOW',
};

const sing = (phrase: Phrase): string => phraseText(withNumber(phrase, false));
const plur = (phrase: Phrase): string => phraseText(withNumber(phrase, true));

/**
 * LOC the referent, CROP it, ask the VQA module about one attribute; returns the answer variable.
 * Size is the exception: a crop is resized to the VQA input, so it no longer shows how big the
 * object is; size questions go to VQA with the whole image, where the scale is intact.
 */
function queryAttribute(w: ProgramWriter, attribute: Attribute, phrase: Phrase): string {
  const question = vqaQuestionText({ kind: attribute, phrase: withNumber(phrase, false) });
  if (attribute === 'size') return w.vqa('IMAGE', question);
  const box = w.loc('IMAGE', sing(phrase));
  const crop = w.crop('CROP', 'IMAGE', box);
  return w.vqa(crop, question);
}

function imageProgram(spec: ImageQuestionSpec): string {
  const w = createProgramWriter();
  switch (spec.form) {
    case 'exist': {
      const count = w.count(w.loc('IMAGE', sing(spec.phrase)));
      return w.result(w.eval(`'yes' if {${count}} > 0 else 'no'`));
    }
    case 'count':
      return w.result(w.count(w.loc('IMAGE', plur(spec.phrase))));
    case 'query':
      return w.result(queryAttribute(w, spec.attribute, spec.phrase));
    case 'relate': {
      const anchor = w.loc('IMAGE', sing(spec.anchor));
      const region = w.crop(CROP_FOR[spec.relation], 'IMAGE', anchor);
      const count = w.count(w.loc(region, sing(spec.phrase)));
      return w.result(w.eval(`'yes' if {${count}} > 0 else 'no'`));
    }
    case 'compare': {
      const first = queryAttribute(w, spec.attribute, spec.a);
      const second = queryAttribute(w, spec.attribute, spec.b);
      return w.result(w.eval(`'yes' if {${first}} == {${second}} else 'no'`));
    }
    case 'side': {
      const [near, far] = spec.axis === 'x' ? ['left', 'right'] : ['top', 'bottom'];
      const half = w.loc('IMAGE', near.toUpperCase());
      const crop = w.crop('CROP', 'IMAGE', half);
      const count = w.count(w.loc(crop, sing(spec.phrase)));
      return w.result(w.eval(`'${near}' if {${count}} > 0 else '${far}'`));
    }
    case 'find':
      return w.result(w.loc('IMAGE', sing(spec.phrase)));
    case 'tag': {
      const boxes = spec.target === 'faces' ? w.facedet('IMAGE') : w.loc('IMAGE', 'object');
      const labelled = w.classify('IMAGE', boxes, spec.target === 'faces' ? EXPRESSIONS : SHAPES);
      return w.result(w.tag('IMAGE', labelled));
    }
  }
}

function pairProgram(spec: PairStatementSpec): string {
  const w = createProgramWriter();
  const ask = (image: string, question: string): string => w.vqa(image, question);
  const countQuestion = vqaQuestionText({ kind: 'count', phrase: spec.phrase });
  const finish = (expr: string): string => w.result(w.eval(expr), 'FINAL_ANSWER');
  switch (spec.form) {
    case 'pair-exist': {
      const question = vqaQuestionText({ kind: 'exist', phrase: spec.phrase });
      const left = ask('LEFT', question);
      const right = ask('RIGHT', question);
      const expr = {
        both: `{${left}} and {${right}}`,
        one: `{${left}} xor {${right}}`,
        neither: `not {${left}} and not {${right}}`,
        any: `{${left}} or {${right}}`,
      }[spec.quantifier];
      return finish(expr);
    }
    case 'pair-total': {
      const left = ask('LEFT', countQuestion);
      const right = ask('RIGHT', countQuestion);
      return finish(`{${left}} + {${right}} == ${spec.n}`);
    }
    case 'pair-compare': {
      const left = ask('LEFT', countQuestion);
      const right = ask('RIGHT', countQuestion);
      const [first, second] = spec.first === 'left' ? [left, right] : [right, left];
      return finish(`{${first}} ${spec.op === 'more' ? '>' : '<'} {${second}}`);
    }
    case 'pair-exactly': {
      const count = ask(spec.image === 'left' ? 'LEFT' : 'RIGHT', countQuestion);
      return finish(`{${count}} == ${spec.n}`);
    }
  }
}

/** The program text for a spec. Never throws. */
export function specToProgram(spec: QuestionSpec): string {
  return spec.form.startsWith('pair-') ? pairProgram(spec as PairStatementSpec) : imageProgram(spec as ImageQuestionSpec);
}
