import { parseVqaQuestion, vqaQuestionText, vqaQuestionVariants } from './vqa-question';
import { createRng } from '../random';

describe('VQA questions', () => {
  it('parse back every wording of every kind with the same meaning', () => {
    const phrase = { size: 'large' as const, colour: 'orange' as const, shape: 'hexagon' as const };
    for (const kind of ['colour', 'shape', 'size', 'count', 'exist'] as const) {
      for (const question of vqaQuestionVariants({ kind, phrase })) {
        const parsed = parseVqaQuestion(question);
        expect(parsed?.kind).toBe(kind);
        expect({ ...parsed?.phrase, plural: undefined }).toEqual({ ...phrase, plural: undefined });
      }
    }
  });

  it('use the canonical wording without a random stream and a paraphrase with one', () => {
    expect(vqaQuestionText({ kind: 'colour', phrase: { shape: 'star' } })).toBe('What color is the star?');
    expect(vqaQuestionText({ kind: 'count', phrase: { colour: 'red', shape: 'circle' } })).toBe('How many red circles are in the image?');
    const rng = createRng('paraphrase');
    const seen = new Set(Array.from({ length: 30 }, () => vqaQuestionText({ kind: 'exist', phrase: { shape: 'star' } }, rng)));
    expect(seen.size).toBeGreaterThan(1);
  });

  it('read hand-written paraphrases and refuse questions outside the grammar', () => {
    expect(parseVqaQuestion('  what   COLOR is the big star ')).toEqual({ kind: 'colour', phrase: { size: 'large', shape: 'star', plural: false } });
    expect(parseVqaQuestion('How many circles can you see?')?.kind).toBe('count');
    expect(parseVqaQuestion('Does the image contain an orange square?')?.kind).toBe('exist');
    expect(parseVqaQuestion('Why is the star red?')).toBeUndefined();
  });
});
