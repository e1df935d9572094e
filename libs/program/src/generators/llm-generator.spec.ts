/**
 * The llm generator against a fake OpenAI-compatible endpoint: a plain HTTP server on loopback,
 * started by the test. The chat-completions API is a boundary vprog does not own, so the fake
 * speaks only the part of it the generator uses (`POST /v1/chat/completions`, `choices[0].message`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isGeneratorError, type GeneratorErrorData } from './generator-error';
import { createLlmGenerator, type LlmGeneratorOptions } from './llm-generator';

type Handler = (body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse) => void;

interface FakeEndpoint {
  readonly baseUrl: string;
  readonly requests: Array<{ body: Record<string, unknown>; headers: IncomingMessage['headers']; url: string }>;
  handle(handler: Handler): void;
  close(): Promise<void>;
}

async function startFakeEndpoint(): Promise<FakeEndpoint> {
  let handler: Handler = (_b, _q, res) => res.writeHead(500).end();
  const requests: FakeEndpoint['requests'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      requests.push({ body, headers: req.headers, url: req.url ?? '' });
      handler(body, req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    handle: (h) => (handler = h),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const reply = (content: string): Handler => (_b, _q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] }));

const GOOD = "BOX0=LOC(image=IMAGE,object='red star')\nANSWER0=COUNT(box=BOX0)\nFINAL_RESULT=RESULT(var=ANSWER0)";
const EXAMPLES = [{ question: 'How many blue circles are there?', program: "BOX0=LOC(image=IMAGE,object='blue circle')\nANSWER0=COUNT(box=BOX0)\nFINAL_RESULT=RESULT(var=ANSWER0)" }];

async function failure(promise: Promise<unknown>): Promise<GeneratorErrorData> {
  try {
    await promise;
  } catch (error) {
    if (isGeneratorError(error)) return error;
    throw error;
  }
  throw new Error('expected generation to fail');
}

describe('the llm generator', () => {
  let endpoint: FakeEndpoint;
  const generator = (extra: Partial<LlmGeneratorOptions> = {}) =>
    createLlmGenerator({ baseUrl: endpoint.baseUrl, model: 'tiny-coder', apiKey: 'sk-test', examples: () => EXAMPLES, ...extra });

  beforeAll(async () => {
    endpoint = await startFakeEndpoint();
  });
  afterAll(() => endpoint.close());
  beforeEach(() => endpoint.requests.splice(0));

  it('asks the endpoint with the DSL, the task examples and the question, and returns the validated program', async () => {
    endpoint.handle(reply(`Here you go:\n\`\`\`\n${GOOD}\n\`\`\`\n`));
    const examplesAsked: Array<string | undefined> = [];
    const result = await generator({ examples: (task) => (examplesAsked.push(task), EXAMPLES) }).generate({
      question: 'How many red stars are there?',
      task: 'gqa-shapes',
      inputs: ['IMAGE'],
    });
    expect(result.text).toBe(GOOD);
    expect(result.generator).toBe('llm');
    expect(result.program.steps.map((s) => s.op)).toEqual(['LOC', 'COUNT', 'RESULT']);
    expect(examplesAsked).toEqual(['gqa-shapes']);
    const [request] = endpoint.requests;
    expect(request.url).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer sk-test');
    expect(request.body).toMatchObject({ model: 'tiny-coder', temperature: 0 });
    const messages = request.body.messages as Array<{ role: string; content: string }>;
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[0].content).toMatch(/CROP_LEFTOF/);
    expect(messages[0].content).toMatch(/The input image variables are IMAGE\./);
    expect(messages[2].content).toBe(EXAMPLES[0].program);
    expect(messages[3].content).toBe('Question: How many red stars are there?');
  });

  it('rejects a reply that is not a valid program with LLM_OUTPUT_INVALID, positioned in the generated text', async () => {
    endpoint.handle(reply("BOX0=LOC(image=IMAGE,object='red star')\nANSWER0=COUNT(box=BOX9)\nFINAL_RESULT=RESULT(var=ANSWER0)"));
    const error = await failure(generator().generate({ question: 'How many red stars?', inputs: ['IMAGE'] }));
    expect(error).toMatchObject({ code: 'INTERNAL', reason: 'LLM_OUTPUT_INVALID', generator: 'llm' });
    expect(error.metadata).toMatchObject({ programReason: 'PROGRAM_INVALID', line: '2', column: '19' });
    expect(error.fieldViolations?.[0]).toMatchObject({ field: 'steps[1].args.box', line: 2, column: 19 });
  });

  it('rejects a reply that does not parse at all, and one without a message', async () => {
    endpoint.handle(reply('I think the answer is three stars.'));
    await expect(generator().generate({ question: 'q', inputs: ['IMAGE'] })).rejects.toMatchObject({ reason: 'LLM_OUTPUT_INVALID', metadata: { programReason: 'PROGRAM_SYNTAX' } });
    endpoint.handle((_b, _q, res) => res.writeHead(200).end(JSON.stringify({ choices: [] })));
    await expect(generator().generate({ question: 'q', inputs: ['IMAGE'] })).rejects.toMatchObject({ reason: 'LLM_OUTPUT_INVALID' });
    endpoint.handle((_b, _q, res) => res.writeHead(200).end('<html>proxy error</html>'));
    await expect(generator().generate({ question: 'q', inputs: ['IMAGE'] })).rejects.toMatchObject({ reason: 'LLM_OUTPUT_INVALID' });
  });

  it('tells a refused request (4xx) from an endpoint that is down or overloaded (429, 5xx)', async () => {
    endpoint.handle((_b, _q, res) => res.writeHead(401).end('{"error":"bad key"}'));
    await expect(generator().generate({ question: 'q', inputs: ['IMAGE'] })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'LLM_REQUEST_FAILED', metadata: { status: '401' } });
    endpoint.handle((_b, _q, res) => res.writeHead(503).end());
    await expect(generator().generate({ question: 'q', inputs: ['IMAGE'] })).rejects.toMatchObject({ code: 'UNAVAILABLE', reason: 'LLM_UNAVAILABLE' });
  });

  it('reports an unreachable endpoint and a slow one as LLM_UNAVAILABLE, and a cancelled request as cancelled', async () => {
    const closed = await startFakeEndpoint();
    await closed.close();
    await expect(createLlmGenerator({ baseUrl: closed.baseUrl, model: 'm', examples: () => [] }).generate({ question: 'q', inputs: ['IMAGE'] })).rejects.toMatchObject({
      reason: 'LLM_UNAVAILABLE',
    });
    endpoint.handle(() => undefined); // never answers
    const slow = await failure(generator({ timeoutMs: 100 }).generate({ question: 'q', inputs: ['IMAGE'] }));
    expect(slow).toMatchObject({ reason: 'LLM_UNAVAILABLE' });
    expect(slow.message).toMatch(/within 100 ms/);
    const controller = new AbortController();
    const pending = generator().generate({ question: 'q', inputs: ['IMAGE'], signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED', reason: 'GENERATION_CANCELLED' });
  });

  it('refuses a base URL that is not a URL when it is created', () => {
    expect(() => createLlmGenerator({ baseUrl: 'not a url', model: 'm', examples: () => [] })).toThrow(expect.objectContaining({ reason: 'GENERATOR_UNAVAILABLE' }));
  });
});
