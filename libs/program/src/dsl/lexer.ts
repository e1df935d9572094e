import { invalidArgument } from '../errors';
import type { Token, TokenKind } from './tokens';

const PUNCTUATION: Readonly<Record<string, TokenKind>> = {
  '=': 'equals',
  ',': 'comma',
  '(': 'lparen',
  ')': 'rparen',
  '[': 'lbracket',
  ']': 'rbracket',
};
const SPACE = /[ \t\r\f\v\u00a0\ufeff]/;
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const LETTER = /\p{L}/u;
const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const HINTS: Readonly<Record<string, string>> = {
  '.': 'there is no member access; values are variables, quoted strings, numbers or lists',
  '`': 'strings use single or double quotes',
  ';': 'steps are separated by line breaks',
  '-': 'only numbers may start with -',
};
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t' };

/**
 * Splits program text into tokens. Newlines end steps, except inside `(...)` or `[...]` where they
 * are plain whitespace; `\r` is whitespace, so Windows line endings work.
 *
 * The apostrophe rule: inside a single-quoted string, an unescaped `'` that is immediately followed
 * by a letter is part of the string (`'What's this?'`), because a string directly followed by a
 * letter can never be valid syntax. Any other unescaped `'` closes the string.
 *
 * @throws ProgramError `PROGRAM_SYNTAX` for an unexpected character, an unterminated string, an
 *   unknown escape or a malformed number, with the line and column.
 */
export function tokenize(source: string): Token[] {
  return [...tokens(source)];
}

/**
 * The lazy form of {@link tokenize}: the parser pulls tokens one at a time, so the first error in
 * source order is the one reported. Throws as {@link tokenize} does, when the bad token is reached.
 */
export function* tokens(source: string): Generator<Token, void, undefined> {
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let depth = 0;
  const col = (at: number) => at - lineStart + 1;
  const fail = (message: string, at: number, expected?: string[]) =>
    invalidArgument('PROGRAM_SYNTAX', `line ${line}, column ${col(at)}: ${message}`, { line, column: col(at) }, expected ? { expected } : {});

  while (i < source.length) {
    const ch = source[i];
    if (ch === '\n') {
      if (depth === 0) yield { kind: 'newline', text: '\\n', line, column: col(i) };
      i += 1;
      line += 1;
      lineStart = i;
      continue;
    }
    if (SPACE.test(ch)) {
      i += 1;
      continue;
    }
    const punct = PUNCTUATION[ch];
    if (punct !== undefined) {
      if (punct === 'lparen' || punct === 'lbracket') depth += 1;
      if ((punct === 'rparen' || punct === 'rbracket') && depth > 0) depth -= 1;
      yield { kind: punct, text: ch, line, column: col(i) };
      i += 1;
      continue;
    }
    if (IDENT_START.test(ch)) {
      const start = i;
      while (i < source.length && IDENT_PART.test(source[i])) i += 1;
      const text = source.slice(start, i);
      yield { kind: 'identifier', text, line, column: col(start) };
      continue;
    }
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(source);
    if (match !== null) {
      const end = i + match[0].length;
      if (end < source.length && IDENT_PART.test(source[end])) throw fail(`malformed number '${source.slice(i, end + 1)}'`, i, ['number']);
      yield { kind: 'number', text: match[0], value: Number(match[0]), line, column: col(i) };
      i = end;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const start = i;
      let value = '';
      const columns: number[] = [];
      i += 1;
      for (;;) {
        if (i >= source.length || source[i] === '\n') {
          throw fail(`unterminated string starting at column ${col(start)}; close it with ${ch}`, start, [ch]);
        }
        const c = source[i];
        if (c === '\\') {
          const next = source[i + 1];
          const decoded = next === undefined ? undefined : ESCAPES[next];
          if (decoded === undefined) throw fail(`unknown escape '\\${next ?? ''}' in string (known: \\\\ \\' \\" \\n \\t)`, i);
          value += decoded;
          columns.push(col(i));
          i += 2;
          continue;
        }
        if (c === ch) {
          const after = source[i + 1];
          if (ch === "'" && after !== undefined && LETTER.test(String.fromCodePoint(source.codePointAt(i + 1) as number))) {
            value += c;
            columns.push(col(i));
            i += 1;
            continue;
          }
          i += 1;
          break;
        }
        value += c;
        columns.push(col(i));
        i += 1;
      }
      yield { kind: 'string', text: source.slice(start, i), value, columns, line, column: col(start), singleQuoted: ch === "'" };
      continue;
    }
    const hint = HINTS[ch];
    throw fail(`unexpected character '${ch}'${hint === undefined ? '' : ` (${hint})`}`, i);
  }
  yield { kind: 'eof', text: '', line, column: col(i) };
}
