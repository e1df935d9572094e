/**
 * A corpus of malformed programs, the kind LLMs write: every one is rejected before any module is
 * called, with the problem's code, line and column. Execution goes through `executeProgram` with a
 * backend whose every method records the call and throws, so a program that slipped past parsing
 * or validation would fail the test.
 */
import { parseProgram } from './parser';
import { executeProgram } from '../executor/execute-program';
import { isProgramError } from '../errors';
import { programIssues, type ProgramIssue } from '../validate/program-issues';
import type { ImageValue, ModuleBackend } from '../values';

interface MalformedCase {
  readonly name: string;
  readonly text: string;
  readonly inputs?: readonly string[];
  readonly code: string;
  readonly line: number;
  readonly column: number;
}

const CORPUS: readonly MalformedCase[] = [
  { name: "unclosed paren", text: "BOX0=LOC(image=IMAGE,object='star'\nFINAL=RESULT(var=BOX0)", code: 'SYNTAX_ERROR', line: 2, column: 1 },
  { name: "unterminated string", text: "BOX0=LOC(image=IMAGE,object='star)\nFINAL=RESULT(var=BOX0)", code: 'SYNTAX_ERROR', line: 1, column: 29 },
  { name: "missing equals", text: "BOX0 LOC(image=IMAGE,object='star')\nFINAL=RESULT(var=BOX0)", code: 'SYNTAX_ERROR', line: 1, column: 6 },
  { name: "missing output", text: "=LOC(image=IMAGE,object='star')\nFINAL=RESULT(var=BOX0)", code: 'SYNTAX_ERROR', line: 1, column: 1 },
  { name: "missing op", text: "BOX0=(image=IMAGE,object='star')\nFINAL=RESULT(var=BOX0)", code: 'SYNTAX_ERROR', line: 1, column: 6 },
  { name: "argument without value", text: "BOX0=LOC(image=,object='star')\nFINAL=RESULT(var=BOX0)", code: 'SYNTAX_ERROR', line: 1, column: 16 },
  { name: "argument without name", text: "BOX0=LOC(=IMAGE,object='star')\nFINAL=RESULT(var=BOX0)", code: 'SYNTAX_ERROR', line: 1, column: 10 },
  { name: "missing comma", text: "BOX0=LOC(image=IMAGE object='star')\nFINAL=RESULT(var=BOX0)", code: 'SYNTAX_ERROR', line: 1, column: 22 },
  { name: "two steps on one line", text: "BOX0=LOC(image=IMAGE,object='star') N=COUNT(box=BOX0)\nFINAL=RESULT(var=N)", code: 'SYNTAX_ERROR', line: 1, column: 37 },
  { name: "unclosed list", text: "BOX0=LOC(image=IMAGE,object='star')\nC=CLASSIFY(image=IMAGE,object=BOX0,categories=['a','b')\nFINAL=RESULT(var=C)", code: 'SYNTAX_ERROR', line: 2, column: 55 },
  { name: "stray character", text: "BOX0=LOC(image=IMAGE,object='star')\nN=COUNT(box=BOX0)#\nFINAL=RESULT(var=N)", code: 'SYNTAX_ERROR', line: 2, column: 18 },
  { name: "output starts with a digit", text: "0BOX=LOC(image=IMAGE,object='star')\nFINAL=RESULT(var=0BOX)", code: 'SYNTAX_ERROR', line: 1, column: 1 },
  { name: "python call syntax", text: "BOX0 = LOC(IMAGE, 'star')\nFINAL=RESULT(var=BOX0)", code: 'SYNTAX_ERROR', line: 1, column: 17 },
  { name: "variable inside a list", text: "BOX0=LOC(image=IMAGE,object='star')\nC=CLASSIFY(image=IMAGE,object=BOX0,categories=[BOX0])\nFINAL=RESULT(var=C)", code: 'SYNTAX_ERROR', line: 2, column: 48 },
  { name: "unknown op", text: "BOX0=LOCATE(image=IMAGE,object='star')\nFINAL=RESULT(var=BOX0)", code: 'UNKNOWN_OP', line: 1, column: 6 },
  { name: "unknown op in the middle", text: "BOX0=LOC(image=IMAGE,object='star')\nN=CONT(box=BOX0)\nFINAL=RESULT(var=N)", code: 'UNKNOWN_OP', line: 2, column: 3 },
  { name: "unknown argument", text: "BOX0=LOC(image=IMAGE,objekt='star')\nFINAL=RESULT(var=BOX0)", code: 'UNKNOWN_ARGUMENT', line: 1, column: 22 },
  { name: "duplicate argument", text: "BOX0=LOC(image=IMAGE,object='star',object='moon')\nFINAL=RESULT(var=BOX0)", code: 'DUPLICATE_ARGUMENT', line: 1, column: 36 },
  { name: "missing argument", text: "BOX0=LOC(image=IMAGE)\nFINAL=RESULT(var=BOX0)", code: 'MISSING_ARGUMENT', line: 1, column: 6 },
  { name: "undefined variable", text: "BOX0=LOC(image=IMAGE,object='star')\nN=COUNT(box=BOX1)\nFINAL=RESULT(var=N)", code: 'UNDEFINED_VARIABLE', line: 2, column: 13 },
  { name: "used before defined", text: "N=COUNT(box=BOX0)\nBOX0=LOC(image=IMAGE,object='star')\nFINAL=RESULT(var=N)", code: 'UNDEFINED_VARIABLE', line: 1, column: 13 },
  { name: "undefined result variable", text: "BOX0=LOC(image=IMAGE,object='star')\nFINAL=RESULT(var=ANSWER)", code: 'UNDEFINED_VARIABLE', line: 2, column: 18 },
  { name: "IMAGE in a pair program", text: "A=VQA(image=IMAGE,question='Is it red?')\nFINAL=RESULT(var=A)", inputs: ["LEFT","RIGHT"], code: 'UNDEFINED_VARIABLE', line: 1, column: 13 },
  { name: "LEFT in a single-image program", text: "A=VQA(image=LEFT,question='Is it red?')\nFINAL=RESULT(var=A)", inputs: ["IMAGE"], code: 'UNDEFINED_VARIABLE', line: 1, column: 13 },
  { name: "variable defined twice", text: "BOX0=LOC(image=IMAGE,object='star')\nBOX0=LOC(image=IMAGE,object='moon')\nFINAL=RESULT(var=BOX0)", code: 'DUPLICATE_VARIABLE', line: 2, column: 1 },
  { name: "output overwrites an input", text: "IMAGE=CROP(image=IMAGE,box=IMAGE)\nFINAL=RESULT(var=IMAGE)", code: 'DUPLICATE_VARIABLE', line: 1, column: 1 },
  { name: "RESULT not last", text: "BOX0=LOC(image=IMAGE,object='star')\nFINAL=RESULT(var=BOX0)\nN=COUNT(box=BOX0)", code: 'RESULT_NOT_LAST', line: 2, column: 7 },
  { name: "no RESULT", text: "BOX0=LOC(image=IMAGE,object='star')\nN=COUNT(box=BOX0)", code: 'MISSING_RESULT', line: 2, column: 3 },
  { name: "empty program", text: "", code: 'EMPTY_PROGRAM', line: 1, column: 1 },
  { name: "only blank lines", text: "\n  \n\n", code: 'EMPTY_PROGRAM', line: 1, column: 1 },
  { name: "string where an image goes", text: "BOX0=LOC(image='IMAGE',object='star')\nFINAL=RESULT(var=BOX0)", code: 'WRONG_ARGUMENT_TYPE', line: 1, column: 16 },
  { name: "number where a string goes", text: "BOX0=LOC(image=IMAGE,object=3)\nFINAL=RESULT(var=BOX0)", code: 'WRONG_ARGUMENT_TYPE', line: 1, column: 29 },
  { name: "boxes where an image goes", text: "BOX0=LOC(image=IMAGE,object='star')\nBOX1=LOC(image=BOX0,object='moon')\nFINAL=RESULT(var=BOX1)", code: 'WRONG_ARGUMENT_TYPE', line: 2, column: 16 },
  { name: "image where boxes go", text: "N=COUNT(box=IMAGE)\nFINAL=RESULT(var=N)", code: 'WRONG_ARGUMENT_TYPE', line: 1, column: 13 },
  { name: "empty category list", text: "BOX0=LOC(image=IMAGE,object='star')\nC=CLASSIFY(image=IMAGE,object=BOX0,categories=[])\nFINAL=RESULT(var=C)", code: 'WRONG_ARGUMENT_TYPE', line: 2, column: 47 },
  { name: "EVAL with unbalanced parenthesis", text: "A=VQA(image=IMAGE,question='How many?')\nB=EVAL(expr='({A} + 1')\nFINAL=RESULT(var=B)", code: 'EVAL_ERROR', line: 2, column: 22 },
  { name: "EVAL with an undefined reference", text: "A=VQA(image=IMAGE,question='How many?')\nB=EVAL(expr='{C} + 1')\nFINAL=RESULT(var=B)", code: 'UNDEFINED_VARIABLE', line: 2, column: 14 },
  { name: "EVAL with a dangling operator", text: "A=VQA(image=IMAGE,question='How many?')\nB=EVAL(expr='{A} ==')\nFINAL=RESULT(var=B)", code: 'EVAL_ERROR', line: 2, column: 20 },
  { name: "EVAL reading an image", text: "B=EVAL(expr='{IMAGE} == 1')\nFINAL=RESULT(var=B)", code: 'EVAL_ERROR', line: 1, column: 14 },
  { name: "EVAL with a function call", text: "A=VQA(image=IMAGE,question='How many?')\nB=EVAL(expr='len({A})')\nFINAL=RESULT(var=B)", code: 'EVAL_ERROR', line: 2, column: 14 },
];

/** A backend that must never be reached: each call is recorded and throws. */
function forbiddenBackend(): ModuleBackend & { readonly calls: string[] } {
  const calls: string[] = [];
  const refuse = (method: string): never => {
    calls.push(method);
    throw new Error(`module method ${method} was called for a malformed program`);
  };
  return {
    calls,
    locate: async () => refuse('locate'),
    detectFaces: async () => refuse('detectFaces'),
    classify: async () => refuse('classify'),
    answer: async () => refuse('answer'),
  };
}

const image = (root: string): ImageValue => ({ kind: 'image', root, rect: { x1: 0, y1: 0, x2: 64, y2: 64 } });

/** Parses and executes; resolves with the first issue of the rejection. */
async function rejection(entry: MalformedCase, backend: ModuleBackend): Promise<ProgramIssue> {
  const inputs = Object.fromEntries((entry.inputs ?? ['IMAGE']).map((name) => [name, image(name)]));
  try {
    await executeProgram(parseProgram(entry.text), inputs, backend);
  } catch (error) {
    if (!isProgramError(error)) throw error;
    return programIssues(error)[0];
  }
  throw new Error(`"${entry.name}" was not rejected`);
}

describe('the malformed-program corpus', () => {
  it('holds at least 30 distinct programs', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CORPUS.map((c) => c.text)).size).toBe(CORPUS.length);
  });

  it.each(CORPUS)('rejects "$name" as $code at line $line, column $column without calling a module', async (entry) => {
    const backend = forbiddenBackend();
    const issue = await rejection(entry, backend);
    expect({ code: issue.code, line: issue.line, column: issue.column }).toEqual({ code: entry.code, line: entry.line, column: entry.column });
    expect(issue.message.length).toBeGreaterThan(0);
    expect(backend.calls).toEqual([]);
  });

  it('reaches the backend for a well-formed program, so the forbidden backend would catch a slip', async () => {
    const backend = forbiddenBackend();
    const program = parseProgram("BOX0=LOC(image=IMAGE,object='star')\nFINAL=RESULT(var=BOX0)");
    await expect(executeProgram(program, { IMAGE: image('IMAGE') }, backend)).rejects.toThrow();
    expect(backend.calls).toEqual(['locate']);
  });
});
