import { matchesPhrase, parsePhrase, phraseText, phraseWords } from './phrase';
import { tokenize } from './text';
import { COLOURS, SHAPES, SIZES } from '../vocabulary';

const object = { id: 0, shape: 'star', colour: 'red', size: 'small', box: { x1: 0, y1: 0, x2: 10, y2: 10 } } as const;

describe('referring phrases', () => {
  it('render and parse back every combination of size, colour and noun, singular and plural', () => {
    for (const size of [undefined, ...SIZES]) {
      for (const colour of [undefined, ...COLOURS]) {
        for (const shape of [undefined, ...SHAPES]) {
          for (const plural of [false, true]) {
            const phrase = { size, colour, shape, plural, ...(shape ? {} : { noun: 'object' as const }) };
            const parsed = parsePhrase(phraseText(phrase));
            expect(parsed).toEqual(JSON.parse(JSON.stringify(phrase)));
          }
        }
      }
    }
  });

  it('accept articles, synonyms and odd case but reject words outside the grammar', () => {
    expect(parsePhrase('The Big RED thing')).toEqual({ size: 'large', colour: 'red', noun: 'object', plural: false });
    expect(parsePhrase('any little stars')).toEqual({ size: 'small', shape: 'star', plural: true });
    expect(parsePhrase('red blue star')).toBeUndefined();
    expect(parsePhrase('shiny star')).toBeUndefined();
    expect(parsePhrase('')).toBeUndefined();
  });

  it('match objects on every attribute they name, and a generic noun matches any shape', () => {
    expect(matchesPhrase({ colour: 'red', noun: 'object' }, object)).toBe(true);
    expect(matchesPhrase({ size: 'small', shape: 'star' }, object)).toBe(true);
    expect(matchesPhrase({ size: 'large', noun: 'shape' }, object)).toBe(false);
    expect(matchesPhrase({ colour: 'blue', shape: 'star' }, object)).toBe(false);
  });

  it('use only words the phrase vocabulary lists', () => {
    const words = new Set(phraseWords());
    for (const token of tokenize('small red stars large objects shapes')) expect(words.has(token)).toBe(true);
  });
});
