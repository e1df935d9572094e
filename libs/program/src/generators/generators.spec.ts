/**
 * The gold and template generators and chains, with injected lookups and grammars (the real ones,
 * the Shapes world's items and question parser, live in another project and are wired by the
 * runner, whose tests run them).
 */
import { createGeneratorChain, selectGenerator } from './generator-chain';
import { isGeneratorError, type GeneratorErrorData } from './generator-error';
import type { ProgramGenerator } from './generator';
import { createGoldGenerator } from './gold-generator';
import { createTemplateGenerator } from './template-generator';

const COUNT_STARS = "BOX0=LOC(image=IMAGE,object='star')\nANSWER0=COUNT(box=BOX0)\nFINAL_RESULT=RESULT(var=ANSWER0)";
const unsupported = (message: string) => Object.assign(new Error(message), { code: 'INVALID_ARGUMENT', reason: 'QUESTION_UNSUPPORTED' });

async function failure(promise: Promise<unknown>): Promise<GeneratorErrorData> {
  try {
    await promise;
  } catch (error) {
    if (isGeneratorError(error)) return error;
    throw error;
  }
  throw new Error('expected generation to fail');
}

describe('the gold generator', () => {
  const gold = createGoldGenerator({
    lookup: (id) => (id === 'gqa-shapes-dev-0-3' ? { question: 'How many stars are there?', program: COUNT_STARS } : undefined),
  });

  it("returns the example's own program, parsed and validated", async () => {
    const result = await gold.generate({ question: 'how many  stars are there?', inputs: ['IMAGE'], exampleId: 'gqa-shapes-dev-0-3' });
    expect(result).toMatchObject({ text: COUNT_STARS, generator: 'gold' });
    expect(result.program.steps).toHaveLength(3);
  });

  it('takes the example question when none is asked, and refuses another question', async () => {
    await expect(gold.generate({ question: '', inputs: ['IMAGE'], exampleId: 'gqa-shapes-dev-0-3' })).resolves.toMatchObject({ text: COUNT_STARS });
    await expect(gold.generate({ question: 'Is there a star?', inputs: ['IMAGE'], exampleId: 'gqa-shapes-dev-0-3' })).rejects.toMatchObject({ reason: 'EXAMPLE_MISMATCH' });
  });

  it('fails with EXAMPLE_NOT_FOUND without an id, for an unknown one, and when the lookup throws', async () => {
    await expect(gold.generate({ question: 'q', inputs: ['IMAGE'] })).rejects.toMatchObject({ code: 'NOT_FOUND', reason: 'EXAMPLE_NOT_FOUND' });
    await expect(gold.generate({ question: 'q', inputs: ['IMAGE'], exampleId: 'nope' })).rejects.toMatchObject({ reason: 'EXAMPLE_NOT_FOUND', metadata: { exampleId: 'nope' } });
    const throwing = createGoldGenerator({
      lookup: () => {
        throw new Error('malformed id');
      },
    });
    await expect(throwing.generate({ question: 'q', inputs: ['IMAGE'], exampleId: 'x' })).rejects.toMatchObject({ reason: 'EXAMPLE_NOT_FOUND' });
  });

  it('refuses an example program that does not fit the inputs as GENERATED_PROGRAM_INVALID', async () => {
    const error = await failure(gold.generate({ question: '', inputs: ['LEFT', 'RIGHT'], exampleId: 'gqa-shapes-dev-0-3' }));
    expect(error).toMatchObject({ code: 'INTERNAL', reason: 'GENERATED_PROGRAM_INVALID', metadata: { line: '1' } });
  });
});

describe('the template generator', () => {
  it('passes the task and inputs to the grammar and returns its program', async () => {
    const seen: unknown[] = [];
    const template = createTemplateGenerator((question, context) => (seen.push({ question, ...context }), COUNT_STARS));
    await expect(template.generate({ question: 'How many stars?', task: 'gqa-shapes', inputs: ['IMAGE'] })).resolves.toMatchObject({ generator: 'template' });
    expect(seen).toEqual([{ question: 'How many stars?', task: 'gqa-shapes', inputs: ['IMAGE'] }]);
  });

  it("keeps the grammar's QUESTION_UNSUPPORTED and UNKNOWN_TASK reasons, and calls anything else a generator failure", async () => {
    const reasons: string[] = [];
    for (const thrown of [unsupported('cannot read'), Object.assign(new Error('no task'), { reason: 'UNKNOWN_TASK' }), new TypeError('bug')]) {
      const template = createTemplateGenerator(() => {
        throw thrown;
      });
      reasons.push((await failure(template.generate({ question: 'q', inputs: ['IMAGE'] }))).reason);
    }
    expect(reasons).toEqual(['QUESTION_UNSUPPORTED', 'UNKNOWN_TASK', 'GENERATOR_FAILED']);
  });
});

describe('generator chains', () => {
  const refusing = (name: string): ProgramGenerator => createTemplateGenerator(() => {
    throw unsupported(`${name} cannot read it`);
  });

  it('returns the first program any generator writes', async () => {
    const chain = createGeneratorChain('auto', [refusing('a'), createTemplateGenerator(() => COUNT_STARS)]);
    await expect(chain.generate({ question: 'q', inputs: ['IMAGE'] })).resolves.toMatchObject({ generator: 'template', text: COUNT_STARS });
  });

  it('fails with one QUESTION_UNSUPPORTED naming every reason when no generator can handle the question', async () => {
    const error = await failure(createGeneratorChain('auto', [refusing('a'), refusing('b')]).generate({ question: 'Why?', inputs: ['IMAGE'] }));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'QUESTION_UNSUPPORTED', generator: 'auto' });
    expect(error.message).toMatch(/no program generator can handle this question \(template: a cannot read it; template: b cannot read it\)/);
    const empty = await failure(createGeneratorChain('auto', []).generate({ question: 'Why?', inputs: ['IMAGE'] }));
    expect(empty.message).toMatch(/none is configured/);
  });

  it('stops at a failure that is not about the question, such as an endpoint outage', async () => {
    const down: ProgramGenerator = { name: 'llm', generate: () => Promise.reject(Object.assign(new Error('down'), { code: 'UNAVAILABLE', reason: 'LLM_UNAVAILABLE', generator: 'llm' })) };
    const chain = createGeneratorChain('auto', [refusing('a'), down, createTemplateGenerator(() => COUNT_STARS)]);
    await expect(chain.generate({ question: 'q', inputs: ['IMAGE'] })).rejects.toMatchObject({ reason: 'LLM_UNAVAILABLE' });
  });

  it('selects generators by name, falls back on an empty name, and names the known ones otherwise', () => {
    const all = [createTemplateGenerator(() => COUNT_STARS), createGoldGenerator({ lookup: () => undefined })];
    expect(selectGenerator(all, ' Gold ', 'template').name).toBe('gold');
    expect(selectGenerator(all, '', 'template').name).toBe('template');
    expect(() => selectGenerator(all, 'magic', 'template')).toThrow(expect.objectContaining({ reason: 'GENERATOR_UNKNOWN', message: expect.stringMatching(/known: template, gold/) }));
  });
});
