import { createTokenizer } from './tokenizer';

describe('createTokenizer', () => {
  const tokenizer = createTokenizer({ vocab: ['<pad>', '<unk>', 'red', 'circle', 'how', 'many', '3'], maxTokens: 5 });

  it('lower-cases, splits on anything but [a-z0-9] and maps unknown words to 1', () => {
    expect(tokenizer.words('How many RED-circles?  3!')).toEqual(['how', 'many', 'red', 'circles', '3']);
    expect(tokenizer.ids('Red circle')).toEqual([2, 3, 0, 0, 0]);
    expect(tokenizer.ids('red stars')).toEqual([2, 1, 0, 0, 0]);
  });

  it('truncates to the fixed length and encodes int64 rows', () => {
    expect(tokenizer.ids('red red red red red red red')).toEqual([2, 2, 2, 2, 2]);
    const tensor = tokenizer.encode(['red', 'circle', '']);
    expect(tensor.type).toBe('int64');
    expect(tensor.dims).toEqual([3, 5]);
    expect(Array.from(tensor.data as BigInt64Array, Number)).toEqual([2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
