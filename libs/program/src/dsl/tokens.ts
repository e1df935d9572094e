import type { Position } from './ast';

/** The token kinds of the program DSL. */
export type TokenKind =
  | 'identifier'
  | 'string'
  | 'number'
  | 'equals'
  | 'comma'
  | 'lparen'
  | 'rparen'
  | 'lbracket'
  | 'rbracket'
  | 'newline'
  | 'eof';

/** One token with its source position; `text` is the source text, `value` the decoded literal. */
export interface Token extends Position {
  readonly kind: TokenKind;
  readonly text: string;
  /** Decoded string or number literal value. */
  readonly value?: string | number;
  /** For strings: the source column of every character of `value`. */
  readonly columns?: readonly number[];
  /** For single-quoted strings: true when the closing quote was a plain `'` (used for hints). */
  readonly singleQuoted?: boolean;
}

/** How a token is named in "expected X, found Y" messages. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'end of program';
    case 'newline':
      return 'end of line';
    case 'string':
      return `string ${token.text}`;
    default:
      return `'${token.text}'`;
  }
}
