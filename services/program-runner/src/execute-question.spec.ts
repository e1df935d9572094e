/**
 * Execute with a question instead of a program: the runner's generators (gold from the world's
 * task items, template from the world's grammar, llm against a fake OpenAI-compatible endpoint)
 * and their typed errors.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { runner } from '@vprog/proto-ts';
import { startFakeModules, type FakeModules } from './testing/fake-modules';
import { collect, devItems, executeRequest, itemImages, moduleEnv, startRunnerFixture, type RunnerFixture } from './testing/runner-fixture';

const question = (q: string, generator: string, exampleId = ''): runner.ExecuteRequest['source'] => ({ $case: 'question', value: { question: q, generator, exampleId } });
const programOf = (events: runner.ExecuteResponse[]) => {
  const last = events[events.length - 1]?.event;
  return last?.$case === 'result' ? last.value.program : undefined;
};

describe('Execute with a question', () => {
  let modules: FakeModules;
  let fixture: RunnerFixture;
  const item = devItems('gqa-shapes', 5)[4];

  beforeAll(async () => {
    modules = await startFakeModules();
    fixture = await startRunnerFixture(moduleEnv(modules));
  });
  afterAll(async () => {
    await fixture.close();
    await modules.close();
  });
  beforeEach(() => modules.calls.splice(0));

  it('writes the program with the template grammar, by default and by name, and records the question', async () => {
    for (const generator of ['', 'template']) {
      const { events, error } = await collect(fixture.client.execute(executeRequest({ images: itemImages(item), source: question(item.question, generator), task: 'gqa-shapes' })));
      expect(error).toBeUndefined();
      expect(programOf(events)).toBe(item.program);
      expect(fixture.runner.store!.getRun(events[0].runId)).toMatchObject({ question: item.question, program: item.program });
    }
  });

  it('runs the gold program of a task example, and refuses an unknown example or another question', async () => {
    const nlvr = devItems('nlvr-shapes', 1)[0]; // pair-total: its EVAL adds the fake's numeric answers
    const ok = await collect(fixture.client.execute(executeRequest({ images: itemImages(nlvr), source: question('', 'gold', nlvr.id) })));
    expect(ok.error).toBeUndefined();
    expect(programOf(ok.events)).toBe(nlvr.program);
    const unknown = await collect(fixture.client.execute(executeRequest({ images: itemImages(nlvr), source: question('q', 'gold', 'nlvr-shapes-dev-0-x') })));
    expect(unknown.error).toMatchObject({ code: 'NOT_FOUND', reason: 'EXAMPLE_NOT_FOUND' });
    const other = await collect(fixture.client.execute(executeRequest({ images: itemImages(nlvr), source: question('Is the sky blue?', 'gold', nlvr.id) })));
    expect(other.error).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'EXAMPLE_MISMATCH' });
  });

  it('gives typed errors for an unknown generator, an unreadable question and an llm that is not configured', async () => {
    const images = itemImages(item);
    expect((await collect(fixture.client.execute(executeRequest({ images, source: question('How many stars?', 'magic') })))).error).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'GENERATOR_UNKNOWN' });
    const unreadable = (await collect(fixture.client.execute(executeRequest({ images, source: question('Why is the star sad?', '') })))).error;
    expect(unreadable).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'QUESTION_UNSUPPORTED', metadata: { template: 'QUESTION_UNSUPPORTED' } });
    expect((await collect(fixture.client.execute(executeRequest({ images, source: question('How many stars?', 'llm') })))).error).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'GENERATOR_UNAVAILABLE' });
    expect(modules.calls).toHaveLength(0);
  });

  describe('with an LLM endpoint', () => {
    // A stand-in for an OpenAI-compatible chat endpoint, a boundary vprog does not own.
    let llm: Server;
    let reply = '';
    let llmFixture: RunnerFixture;
    beforeAll(async () => {
      llm = createServer((req, res) => {
        req.resume();
        req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: reply } }] })));
      });
      await new Promise<void>((resolve) => llm.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(llm.address() as AddressInfo).port}/v1`;
      llmFixture = await startRunnerFixture({ ...moduleEnv(modules), VPROG_RUNNER_LLM_BASE_URL: base, VPROG_RUNNER_LLM_MODEL: 'fake' });
    });
    afterAll(async () => {
      await llmFixture.close();
      await new Promise<void>((resolve) => llm.close(() => resolve()));
    });

    it('falls through from the template grammar to the LLM in the auto chain, and rejects an LLM program that does not validate', async () => {
      reply = "```\nBOX0=LOC(image=IMAGE,object='sad star')\nANSWER0=COUNT(box=BOX0)\nFINAL_RESULT=RESULT(var=ANSWER0)\n```";
      const ok = await collect(llmFixture.client.execute(executeRequest({ images: itemImages(item), source: question('How sad are the stars?', '') })));
      expect(ok.error).toBeUndefined();
      expect(programOf(ok.events)).toMatch(/^BOX0=LOC\(image=IMAGE,object='sad star'\)/);
      reply = 'BOX0=LOC(image=LEFT,object="x")\nFINAL_RESULT=RESULT(var=BOX0)';
      const bad = await collect(llmFixture.client.execute(executeRequest({ images: itemImages(item), source: question('How sad are the stars?', 'llm') })));
      expect(bad.error).toMatchObject({ code: 'INTERNAL', reason: 'LLM_OUTPUT_INVALID', metadata: { line: '1', column: '16' } });
    });
  });
});
