import { invalidArgument, type ProgramError } from '../errors';
import type { TemplatePart } from './eval-ast';

/** Token kinds of the EVAL language. */
export type EvalTokenKind = 'number' | 'string' | 'variable' | 'keyword' | 'operator' | 'lparen' | 'rparen' | 'eof';

/** One EVAL token; `offset` is its 0-based index in the expression. */
export interface EvalToken {
  readonly kind: EvalTokenKind;
  readonly text: string;
  readonly offset: number;
  readonly number?: number;
  readonly parts?: readonly TemplatePart[];
}

/** The only words the language knows. */
export const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'xor', 'if', 'else', 'True', 'False', 'true', 'false']);
/** The longest that an expression may be; longer text is rejected before tokenizing. */
export const MAX_EXPRESSION_LENGTH = 4096;

const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/'];
const HINTS: Readonly<Record<string, string>> = {
  '&&': "use 'and'",
  '||': "use 'or'",
  '!': "use 'not'",
  '=': "use '==' to compare",
  '.': 'there is no member access',
  '[': 'there is no indexing',
  '`': 'strings use single or double quotes',
};
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VARIABLE = /\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/y;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', '{': '{', '}': '}' };

/** An `EVAL_SYNTAX` error at an expression offset (line 1, column offset+1). */
export function evalSyntaxError(message: string, offset: number, expected?: string[]): ProgramError {
  return invalidArgument('EVAL_SYNTAX', `EVAL column ${offset + 1}: ${message}`, { line: 1, column: offset + 1 }, expected ? { expected } : {});
}

/**
 * Tokenizes an EVAL expression. `{NAME}` is a variable; inside a string literal it is interpolated
 * as text (`'{ANSWER0}' == 'yes'`), and `\{` keeps a literal brace.
 *
 * @throws ProgramError `EVAL_SYNTAX` for any character or word outside the language.
 */
export function tokenizeExpression(text: string): EvalToken[] {
  if (text.length > MAX_EXPRESSION_LENGTH) throw evalSyntaxError(`expression longer than ${MAX_EXPRESSION_LENGTH} characters`, 0);
  const tokens: EvalToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '{') {
      VARIABLE.lastIndex = i;
      const match = VARIABLE.exec(text);
      if (match === null) throw evalSyntaxError("'{' must start a variable such as {ANSWER0}", i, ['{NAME}']);
      tokens.push({ kind: 'variable', text: match[1], offset: i });
      i += match[0].length;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch === '(' ? 'lparen' : 'rparen', text: ch, offset: i });
      i += 1;
    } else if ((ch >= '0' && ch <= '9') || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text) as RegExpExecArray;
      const end = i + match[0].length;
      if (end < text.length && /[A-Za-z0-9_.]/.test(text[end])) throw evalSyntaxError(`malformed number '${text.slice(i, end + 1)}'`, i);
      tokens.push({ kind: 'number', text: match[0], offset: i, number: Number(match[0]) });
      i = end;
    } else if (ch === "'" || ch === '"') {
      const [token, end] = readString(text, i);
      tokens.push(token);
      i = end;
    } else if (/[A-Za-z_]/.test(ch)) {
      WORD.lastIndex = i;
      const word = (WORD.exec(text) as RegExpExecArray)[0];
      if (!KEYWORDS.has(word)) throw unknownWord(word, i);
      tokens.push({ kind: 'keyword', text: word, offset: i });
      i += word.length;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op === undefined) {
        const hint = HINTS[text.slice(i, i + 2)] ?? HINTS[ch];
        throw evalSyntaxError(`unexpected character '${ch}'${hint ? ` (${hint})` : ''}`, i);
      }
      tokens.push({ kind: 'operator', text: op, offset: i });
      i += op.length;
    }
  }
  tokens.push({ kind: 'eof', text: '', offset: text.length });
  return tokens;
}

function unknownWord(word: string, offset: number): ProgramError {
  const lower = word.toLowerCase();
  const hint =
    lower === 'yes' || lower === 'no'
      ? `write it as a string: '${lower}'`
      : NAME.test(word) && word === word.toUpperCase()
        ? `variables are written {${word}}`
        : 'the language has no names other than and, or, not, xor, if, else, True, False';
  return evalSyntaxError(`unknown name '${word}' (${hint})`, offset);
}

function readString(text: string, start: number): [EvalToken, number] {
  const quote = text[start];
  const parts: TemplatePart[] = [];
  let buffer = '';
  let i = start + 1;
  for (;;) {
    if (i >= text.length) throw evalSyntaxError(`unterminated string; close it with ${quote}`, start, [quote]);
    const c = text[i];
    if (c === quote) break;
    if (c === '\\') {
      const decoded = ESCAPES[text[i + 1] ?? ''];
      if (decoded === undefined) throw evalSyntaxError(`unknown escape '\\${text[i + 1] ?? ''}'`, i);
      buffer += decoded;
      i += 2;
      continue;
    }
    if (c === '{') {
      VARIABLE.lastIndex = i;
      const match = VARIABLE.exec(text);
      if (match !== null) {
        if (buffer !== '') parts.push({ text: buffer });
        buffer = '';
        parts.push({ variable: match[1], offset: i });
        i += match[0].length;
        continue;
      }
    }
    buffer += c;
    i += 1;
  }
  if (buffer !== '' || parts.length === 0) parts.push({ text: buffer });
  return [{ kind: 'string', text: text.slice(start, i + 1), offset: start, parts }, i + 1];
}
