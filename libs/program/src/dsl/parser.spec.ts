import { isProgramError, type ProgramErrorData } from '../errors';
import { parseProgram } from './parser';

function syntaxError(text: string): ProgramErrorData {
  try {
    parseProgram(text);
  } catch (error) {
    if (isProgramError(error)) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(text)}`);
}

describe('parseProgram', () => {
  it('parses a step into output, upper-case op, lower-case argument names and typed values', () => {
    const program = parseProgram("BOX0=loc(Image=IMAGE, OBJECT='red star', k=-2.5, cats=['a',\"b\"])");
    expect(program.steps).toHaveLength(1);
    const step = program.steps[0];
    expect(step).toMatchObject({ index: 0, output: 'BOX0', op: 'LOC', rawOp: 'loc', line: 1, column: 1, opLine: 1, opColumn: 6 });
    expect(step.args.map((a) => [a.name, a.rawName])).toEqual([
      ['image', 'Image'],
      ['object', 'OBJECT'],
      ['k', 'k'],
      ['cats', 'cats'],
    ]);
    expect(step.args[0].value).toEqual({ kind: 'variable', name: 'IMAGE', line: 1, column: 16 });
    expect(step.args[1].value).toMatchObject({ kind: 'string', value: 'red star', line: 1, column: 30 });
    expect(step.args[2].value).toMatchObject({ kind: 'number', value: -2.5 });
    expect(step.args[3].value).toMatchObject({ kind: 'list', items: [{ kind: 'string', value: 'a' }, { kind: 'string', value: 'b' }] });
  });

  it('skips blank lines, surrounding whitespace and Windows line endings, and numbers lines as written', () => {
    const program = parseProgram('\r\n  \r\n  A=VQA( image = IMAGE , question = "q" )  \r\n\r\n\tB=RESULT(var=A)\r\n\r\n');
    expect(program.steps.map((s) => [s.output, s.line, s.column])).toEqual([
      ['A', 3, 3],
      ['B', 5, 2],
    ]);
  });

  it('accepts trailing commas in argument lists and lists, and line breaks inside parentheses', () => {
    const program = parseProgram("A=CLASSIFY(\n  image=IMAGE,\n  object=B,\n  categories=['x','y',],\n)");
    expect(program.steps[0].args.map((a) => a.name)).toEqual(['image', 'object', 'categories']);
    expect(program.steps[0].args[2].value).toMatchObject({ items: [{ value: 'x' }, { value: 'y' }] });
  });

  it('decodes escapes in both quote styles and records each character’s source column', () => {
    const value = parseProgram(`A=VQA(question='it\\'s "x"', q2="say \\"hi\\"")`).steps[0].args;
    expect(value[0].value).toMatchObject({ value: `it's "x"` });
    expect(value[1].value).toMatchObject({ value: 'say "hi"' });
    const literal = value[0].value;
    expect(literal.kind === 'string' && literal.columns.slice(0, 4)).toEqual([17, 18, 19, 21]);
  });

  describe('the apostrophe rule', () => {
    it("keeps an unescaped ' followed by a letter inside a single-quoted string", () => {
      const step = parseProgram("A=VQA(image=IMAGE,question='What's the colour?')").steps[0];
      expect(step.args[1].value).toMatchObject({ kind: 'string', value: "What's the colour?" });
    });

    it('keeps several apostrophes, including a non-ASCII letter after one', () => {
      const step = parseProgram("A=VQA(image=IMAGE,question='Anna's cat's l'été?')").steps[0];
      expect(step.args[1].value).toMatchObject({ value: "Anna's cat's l'été?" });
    });

    it("closes the string at a ' followed by anything but a letter", () => {
      const step = parseProgram("A=LOC(image=IMAGE,object='star')").steps[0];
      expect(step.args[1].value).toMatchObject({ value: 'star' });
    });

    it("fails with a hint to escape when a ' followed by a space ends the string early", () => {
      const error = syntaxError("A=VQA(image=IMAGE,question='the dogs' bowl?')");
      expect(error).toMatchObject({ reason: 'PROGRAM_SYNTAX', line: 1, column: 39 });
      expect(error.message).toContain("found 'bowl'");
      expect(error.message).toContain("escape it as \\'");
    });

    it('does not apply inside double-quoted strings, where a single quote is plain text', () => {
      const step = parseProgram(`A=EVAL(expr="'yes' if {X} > 0 else 'no'")`).steps[0];
      expect(step.args[0].value).toMatchObject({ value: "'yes' if {X} > 0 else 'no'" });
    });
  });

  it('parses an empty program into no steps', () => {
    expect(parseProgram(' \n\r\n ').steps).toEqual([]);
  });

  it.each([
    ['A=LOC(image=IMAGE', 1, 18, ["','", "')'"]],
    ['A LOC(image=IMAGE)', 1, 3, ["'='"]],
    ['=LOC(image=IMAGE)', 1, 1, ['a name']],
    ['A=LOC(image=IMAGE) B=COUNT(box=A)', 1, 20, ['end of line', 'end of program']],
    ['A=LOC(IMAGE)', 1, 12, ["'='"]],
    ['A=LOC(image=)', 1, 13, ['a name', 'a string', 'a number', "'['"]],
    ['A=CLASSIFY(categories=[X])', 1, 24, ['a string', 'a number', "']'"]],
    ['A=LOC(image=IMAGE,,object=B)', 1, 19, ['a name']],
    ['A=LOC(image=IMAGE object=B)', 1, 19, ["','", "')'"]],
    ['A=LOC(image=IMAGE)\nB=COUNT(box=A', 2, 14, ["','", "')'"]],
  ])('fails on %j at line %i, column %i, saying what it expected', (text, line, column, expected) => {
    const error = syntaxError(text);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'PROGRAM_SYNTAX', line, column, expected });
    expect(error.message).toMatch(new RegExp(`^line ${line}, column ${column}: expected `));
  });

  it.each([
    ['A=LOC(image=IMAGE,object="cat"\nB=COUNT(box=A)', 2, 1, "the '(' of LOC at line 1, column 6 is never closed"],
    ['A=LOC(image=IMAGE,object="cat"\n', 2, 1, "the '(' of LOC at line 1, column 6 is never closed"],
    ['A=LOC(image=IMAGE', 1, 18, "the '(' of LOC at line 1, column 6 is never closed"],
    ['A=CLASSIFY(image=IMAGE,categories=["a","b"\n', 2, 1, "the '[' of the list at line 1, column 35 is never closed"],
  ])('names the bracket that %j leaves open where the parser notices it (line %i, column %i)', (text, line, column, note) => {
    const error = syntaxError(text);
    expect(error).toMatchObject({ reason: 'PROGRAM_SYNTAX', line, column });
    expect(error.message).toContain(note);
  });

  it('adds no bracket note when the mistake is on the bracket\'s own line', () => {
    expect(syntaxError('A=LOC(image=IMAGE object=B)').message).not.toContain('never closed');
  });

  it.each([
    ["A=LOC(object='red star)", 1, 14, 'unterminated string'],
    ['A=LOC(object="red\nstar")', 1, 14, 'unterminated string'],
    ["A=LOC(object='a\\qb')", 1, 16, 'unknown escape'],
    ['A=LOC(k=3x)', 1, 9, 'malformed number'],
    ['A=LOC(k=-x)', 1, 9, "unexpected character '-'"],
    ['A=LOC(image=IMAGE.rect)', 1, 18, 'no member access'],
    ['A=LOC(image=IMAGE);', 1, 19, "unexpected character ';'"],
    ['A=LOC(image=`x`)', 1, 13, "unexpected character '`'"],
  ])('rejects the malformed token in %j at line %i, column %i', (text, line, column, words) => {
    const error = syntaxError(text);
    expect(error).toMatchObject({ reason: 'PROGRAM_SYNTAX', line, column });
    expect(error.message).toContain(words);
  });

  it('rejects an unbalanced closing parenthesis instead of ignoring it', () => {
    expect(syntaxError('A=LOC(image=IMAGE))')).toMatchObject({ reason: 'PROGRAM_SYNTAX', column: 19 });
  });
});
