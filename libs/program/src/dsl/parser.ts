import { invalidArgument, type ProgramError } from '../errors';
import type { ArgValue, Argument, ListValue, NumberValue, Program, Step, StringValue } from './ast';
import { tokens } from './lexer';
import { describeToken, type Token, type TokenKind } from './tokens';

/**
 * Parses program text (one `OUT=OP(name=value, ...)` step per line) into a typed AST.
 *
 * Recovered without complaint: blank lines and surrounding whitespace, Windows line endings,
 * trailing commas in argument lists and lists, line breaks inside parentheses, the case of op and
 * argument names (normalised to `OP` and `name`), and apostrophes in single-quoted text (see
 * {@link tokenize}). Everything else fails.
 *
 * @throws ProgramError `PROGRAM_SYNTAX` with the line, column and the expected tokens.
 */
export function parseProgram(text: string): Program {
  return new Parser(tokens(text)).program();
}

const NAMES: Readonly<Record<TokenKind, string>> = {
  identifier: 'a name',
  string: 'a string',
  number: 'a number',
  equals: "'='",
  comma: "','",
  lparen: "'('",
  rparen: "')'",
  lbracket: "'['",
  rbracket: "']'",
  newline: 'end of line',
  eof: 'end of program',
};

class Parser {
  private current: Token;
  private previous: Token | undefined;

  constructor(private readonly stream: Iterator<Token, void>) {
    this.current = this.pull();
  }

  program(): Program {
    const steps: Step[] = [];
    this.skipNewlines();
    while (this.peek().kind !== 'eof') {
      steps.push(this.step(steps.length));
      const end = this.peek();
      if (end.kind !== 'newline' && end.kind !== 'eof') throw this.unexpected(end, ['newline', 'eof'], 'after a step');
      this.skipNewlines();
    }
    return { steps };
  }

  private step(index: number): Step {
    const output = this.expect('identifier', 'at the start of a step (as in BOX0=LOC(...))');
    this.expect('equals', `after the output variable '${output.text}'`);
    const op = this.expect('identifier', 'for the op name (as in LOC or CROP_LEFTOF)');
    const open = this.expect('lparen', `after the op name '${op.text}'`);
    const args: Argument[] = [];
    while (this.peek().kind !== 'rparen') {
      args.push(this.argument());
      const next = this.peek();
      if (next.kind === 'comma') this.next();
      else if (next.kind !== 'rparen') throw this.unexpected(next, ['comma', 'rparen'], 'after an argument', unclosed(open, next, `of ${op.text}`));
    }
    this.next();
    return {
      index,
      output: output.text,
      op: op.text.toUpperCase(),
      rawOp: op.text,
      opLine: op.line,
      opColumn: op.column,
      args,
      line: output.line,
      column: output.column,
    };
  }

  private argument(): Argument {
    const name = this.expect('identifier', 'for an argument name (as in image=IMAGE)');
    this.expect('equals', `after the argument name '${name.text}'`);
    return { name: name.text.toLowerCase(), rawName: name.text, value: this.value(), line: name.line, column: name.column };
  }

  private value(): ArgValue {
    const token = this.peek();
    switch (token.kind) {
      case 'identifier':
        this.next();
        return { kind: 'variable', name: token.text, line: token.line, column: token.column };
      case 'string':
      case 'number':
        this.next();
        return this.literal(token);
      case 'lbracket':
        return this.list();
      default:
        throw this.unexpected(token, ['identifier', 'string', 'number', 'lbracket'], 'as an argument value');
    }
  }

  private list(): ListValue {
    const open = this.next();
    const items: Array<StringValue | NumberValue> = [];
    while (this.peek().kind !== 'rbracket') {
      const token = this.peek();
      if (token.kind !== 'string' && token.kind !== 'number') {
        throw this.unexpected(token, ['string', 'number', 'rbracket'], 'in a list (lists hold literals only)');
      }
      this.next();
      items.push(this.literal(token));
      const next = this.peek();
      if (next.kind === 'comma') this.next();
      else if (next.kind !== 'rbracket') throw this.unexpected(next, ['comma', 'rbracket'], 'after a list item', unclosed(open, next, 'of the list'));
    }
    this.next();
    return { kind: 'list', items, line: open.line, column: open.column };
  }

  private literal(token: Token): StringValue | NumberValue {
    if (token.kind === 'number') return { kind: 'number', value: token.value as number, line: token.line, column: token.column };
    return { kind: 'string', value: token.value as string, columns: token.columns ?? [], line: token.line, column: token.column };
  }

  private expect(kind: TokenKind, context: string): Token {
    const token = this.peek();
    if (token.kind !== kind) throw this.unexpected(token, [kind], context);
    return this.next();
  }

  private unexpected(token: Token, kinds: TokenKind[], context: string, note = ''): ProgramError {
    const expected = kinds.map((k) => NAMES[k]);
    const previous = this.previous;
    const hint =
      token.kind === 'identifier' && previous?.kind === 'string' && previous.singleQuoted
        ? ` (if the quote before it is part of the text, escape it as \\')`
        : note;
    const where = `line ${token.line}, column ${token.column}`;
    return invalidArgument(
      'PROGRAM_SYNTAX',
      `${where}: expected ${expected.join(' or ')} ${context}, found ${describeToken(token)}${hint}`,
      token,
      { expected },
    );
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.next();
  }

  private peek(): Token {
    return this.current;
  }

  private next(): Token {
    const token = this.current;
    if (token.kind !== 'eof') {
      this.previous = token;
      this.current = this.pull();
    }
    return token;
  }

  private pull(): Token {
    const result = this.stream.next();
    if (result.done === true) throw new Error('the token stream ended without an eof token');
    return result.value;
  }
}

/**
 * A note naming the bracket that `found` leaves open, when `found` is on a later line than it or
 * ends the program: line breaks inside brackets are allowed, so a missing `)` is only noticed
 * there, away from where it belongs. Empty otherwise. Throws nothing.
 */
function unclosed(open: Token, found: Token, what: string): string {
  if (found.kind !== 'eof' && found.line === open.line) return '';
  return ` (the '${open.text}' ${what} at line ${open.line}, column ${open.column} is never closed)`;
}
