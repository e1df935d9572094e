import { isModelError } from '../errors';
import { createClassifyTeacherAdapter } from './classify-teacher-adapter';
import { parseClosedPhrase } from './loc-teacher-adapter';
import { questionKind, restrictToQuestionKind, supportedKinds } from './question-kind';
import { createVqaTeacherAdapter } from './vqa-teacher-adapter';

const layout = {
  shape: { offset: 5, labels: ['circle', 'square', 'star'] },
  colour: { offset: 8, labels: ['red', 'blue'] },
};

describe('reading phrases in a closed label space', () => {
  it('maps colour and shape words (plurals too) to label indices and ignores articles and generic nouns', () => {
    expect(parseClosedPhrase('the blue stars', layout)).toEqual({ shape: 2, colour: 1 });
    expect(parseClosedPhrase('Red object', layout)).toEqual({ colour: 0 });
    expect(parseClosedPhrase('any shapes', layout)).toEqual({});
  });

  it('refuses sizes, unknown words and contradictory colours', () => {
    for (const phrase of ['large circle', 'green circle', 'red blue circle']) {
      let error: unknown;
      try {
        parseClosedPhrase(phrase, layout);
      } catch (e) {
        error = e;
      }
      expect(isModelError(error) && error.reason).toBe('OUTSIDE_LABEL_SPACE');
    }
  });
});

describe('question kinds', () => {
  it('classify the world grammar and its paraphrases by wording', () => {
    expect(questionKind('How many red circles are there?')).toBe('count');
    expect(questionKind('Is there a small shape?')).toBe('exist');
    expect(questionKind('Are there any stars in the image?')).toBe('exist');
    expect(questionKind('What size is the star?')).toBe('size');
    expect(questionKind('Is the red star large or small?')).toBe('size');
    expect(questionKind('Which color is the object?')).toBe('colour');
    expect(questionKind('What is the shape of the blue object?')).toBe('shape');
    expect(questionKind('Why?')).toBe('unknown');
  });

  it('restrict a distribution to the answers of the question kind, renormalised', () => {
    const vocabulary = ['no', 'red', 'yes', '2'];
    restrictToQuestionKind([0.1, 0.6, 0.3, 0], vocabulary, 'Is there a red star?').forEach((p, i) => expect(p).toBeCloseTo([0.25, 0, 0.75, 0][i], 12));
    expect(restrictToQuestionKind([0.1, 0.6, 0.2, 0.1], vocabulary, 'How many stars are there?')).toEqual([0, 0, 0, 1]);
    // Unknown kind, or no mass on the kind's answers: unchanged.
    expect(restrictToQuestionKind([0.1, 0.6, 0.3, 0], vocabulary, 'Why?')).toEqual([0.1, 0.6, 0.3, 0]);
    expect(restrictToQuestionKind([0.5, 0.5, 0, 0], vocabulary, 'How many stars are there?')).toEqual([0.5, 0.5, 0, 0]);
  });

  it('derive what an answer set supports: every answer of the kind must be there', () => {
    const numbers = Array.from({ length: 11 }, (_, n) => String(n));
    const kinds = supportedKinds(['yes', 'no', ...numbers, 'red', 'orange', 'yellow', 'green', 'blue', 'purple', 'white', 'black']);
    expect([...kinds].sort()).toEqual(['colour', 'count', 'exist']);
  });
});

describe('the VQA and classify adapters on synthetic distributions', () => {
  it('place teacher probabilities at their answers in the module vocabulary', () => {
    const adapter = createVqaTeacherAdapter(['no', 'yes'], ['large', 'no', 'small', 'yes']);
    expect(adapter.expand([0.25, 0.75])).toEqual([0, 0.25, 0, 0.75]);
    expect(adapter.accepts('Is there a red circle?')).toBe(true);
    expect(adapter.accepts('How many circles are there?')).toBe(false);
  });

  it('score only the requested expressions', () => {
    const adapter = createClassifyTeacherAdapter(['smiling', 'frowning', 'surprised']);
    expect(adapter.indices(['surprised', 'smiling'])).toEqual([2, 0]);
    const scores = adapter.scores([0, 5, 0], 0, [2, 0]);
    expect(scores).toEqual([0.5, 0.5]);
    expect(adapter.accepts([])).toBe(false);
  });
});
