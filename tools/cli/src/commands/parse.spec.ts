/** `vprog parse`: local parsing and validation of program files, with no service involved. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { checkProgram, parseFile, registerParseCommands } from './parse';

const COUNT = "BOX0=LOC(image=IMAGE,object='star')\nANSWER0=COUNT(box=BOX0)\nFINAL_RESULT=RESULT(var=ANSWER0)";
const PAIR = "ANSWER0=VQA(image=LEFT,question='How many stars?')\nANSWER1=VQA(image=RIGHT,question='How many stars?')\nANSWER2=EVAL(expr='{ANSWER0} + {ANSWER1} == 2')\nFINAL_ANSWER=RESULT(var=ANSWER2)";
const UNDEFINED = "BOX0=LOC(image=IMAGE,object='star')\nANSWER0=COUNT(box=BOX0)\nFINAL_RESULT=RESULT(var=ANSWER9)";

describe('vprog parse', () => {
  let dir: string;
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vprog-parse-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('reports a valid single-image program as ok with its step count', () => {
    expect(checkProgram(COUNT)).toEqual({ ok: true, steps: 3, inputs: ['IMAGE'] });
  });

  it('infers LEFT and RIGHT for a program that reads an image pair', () => {
    expect(checkProgram(PAIR)).toEqual({ ok: true, steps: 4, inputs: ['LEFT', 'RIGHT'] });
  });

  it('validates against the given inputs instead of inferring them', () => {
    const report = checkProgram(PAIR, ['IMAGE']);
    expect(report.ok).toBe(false);
    expect(report.ok ? [] : report.errors.map((e) => e.code)).toContain('UNDEFINED_VARIABLE');
  });

  it('prints the errors as JSON with line, column and code, and returns exit code 1', () => {
    const lines: string[] = [];
    const code = parseFile(file('undefined.vp', UNDEFINED), { json: true }, (t) => lines.push(t));
    expect(code).toBe(1);
    const printed = JSON.parse(lines.join('')) as { ok: boolean; errors: Array<{ line: number; column: number; code: string; message: string }> };
    expect(printed.ok).toBe(false);
    expect(printed.errors).toEqual([expect.objectContaining({ line: 3, column: 25, code: 'UNDEFINED_VARIABLE' })]);
    expect(printed.errors[0].message).toMatch(/ANSWER9/);
  });

  it('prints {"ok": true, "steps": N} for a valid program and returns 0', () => {
    const lines: string[] = [];
    expect(parseFile(file('count.vp', COUNT), { json: true }, (t) => lines.push(t))).toBe(0);
    expect(JSON.parse(lines.join(''))).toEqual({ ok: true, steps: 3 });
  });

  it('reports a syntax error at its position in text form', () => {
    const lines: string[] = [];
    const path = file('syntax.vp', "BOX0=LOC(image=IMAGE,object='star'\nFINAL_RESULT=RESULT(var=BOX0)");
    expect(parseFile(path, {}, (t) => lines.push(t))).toBe(1);
    expect(lines.join('')).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ SYNTAX_ERROR `));
  });

  it('sets a non-zero exit code through the command line for an invalid program', async () => {
    const lines: string[] = [];
    const program = new Command().exitOverride();
    registerParseCommands(program, (t) => lines.push(t));
    await program.parseAsync(['node', 'vprog', 'parse', file('bad.vp', UNDEFINED), '--json']);
    expect(process.exitCode).toBe(1);
    expect(JSON.parse(lines.join('')).ok).toBe(false);
  });

  it('fails with a clear message for a file that cannot be read', () => {
    expect(() => parseFile(join(dir, 'missing.vp'), {}, () => undefined)).toThrow(/cannot read program/);
  });
});
