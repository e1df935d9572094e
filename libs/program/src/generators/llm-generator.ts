import type { GenerateRequest, GeneratedProgram, ProgramGenerator } from './generator';
import { checkGenerated } from './check-generated';
import { generatorError, type GeneratorError } from './generator-error';
import { buildPromptMessages, programFromReply, type LlmExample } from './llm-prompt';

/** Options of {@link createLlmGenerator}. */
export interface LlmGeneratorOptions {
  /** The API base, e.g. `http://127.0.0.1:8000/v1`; requests go to `{baseUrl}/chat/completions`. */
  readonly baseUrl: string;
  readonly model: string;
  /** Sent as `Authorization: Bearer <key>` when given; never logged or echoed in errors. */
  readonly apiKey?: string;
  /** The in-context examples for a task (e.g. the task's gold programs); called once per request. */
  readonly examples: (task: string | undefined, inputs: readonly string[]) => readonly LlmExample[];
  /** How long one completion may take (default 30 s). */
  readonly timeoutMs?: number;
  /** Default 0: programs should be reproducible. */
  readonly temperature?: number;
  /** Default 512. */
  readonly maxTokens?: number;
  /** The HTTP client; defaults to the global `fetch`. */
  readonly fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 30_000;

function replyContent(body: unknown): string | undefined {
  const choices = (body as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices) || choices.length === 0) return undefined;
  const content = (choices[0] as { message?: { content?: unknown } } | null)?.message?.content;
  return typeof content === 'string' ? content : undefined;
}

/**
 * The `llm` generator: asks any OpenAI-compatible chat endpoint (`POST {baseUrl}/chat/completions`)
 * for a program, with the DSL's definition and per-task in-context examples, then parses and
 * validates the reply. Programs written by a language model are never trusted: the reply goes
 * through the same parser and validator as any other program, and nothing runs unless it passes.
 * @throws GeneratorError (from `createLlmGenerator`) GENERATOR_UNAVAILABLE for a malformed base URL
 *   or an empty model; (from `generate`) LLM_UNAVAILABLE (unreachable, timed out, 429 or 5xx),
 *   LLM_REQUEST_FAILED (another non-2xx status), LLM_OUTPUT_INVALID (not a chat completion, or its
 *   text is not a valid program: positions in `fieldViolations`), GENERATION_CANCELLED.
 */
export function createLlmGenerator(options: LlmGeneratorOptions): ProgramGenerator {
  let endpoint: string;
  try {
    endpoint = new URL(`${options.baseUrl.replace(/\/+$/, '')}/chat/completions`).toString();
  } catch (cause) {
    throw generatorError('llm', 'GENERATOR_UNAVAILABLE', `the llm generator's base URL ${JSON.stringify(options.baseUrl)} is not a URL`, { cause });
  }
  if (options.model.trim() === '') throw generatorError('llm', 'GENERATOR_UNAVAILABLE', 'the llm generator needs a model name');
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function complete(request: GenerateRequest): Promise<string> {
    const examples = options.examples(request.task === '' ? undefined : request.task, request.inputs);
    const body = {
      model: options.model,
      messages: buildPromptMessages(request.question, request.inputs, examples),
      temperature: options.temperature ?? 0,
      max_tokens: options.maxTokens ?? 512,
    };
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal === undefined ? timeout : AbortSignal.any([request.signal, timeout]);
    const failed = (cause: unknown): GeneratorError => {
      if (request.signal?.aborted === true) return generatorError('llm', 'GENERATION_CANCELLED', 'program generation was cancelled', { cause });
      if (timeout.aborted) return generatorError('llm', 'LLM_UNAVAILABLE', `the LLM endpoint did not answer within ${timeoutMs} ms`, { metadata: { endpoint }, cause });
      const detail = cause instanceof Error ? cause.message : String(cause);
      return generatorError('llm', 'LLM_UNAVAILABLE', `the LLM endpoint ${endpoint} cannot be reached: ${detail}`, { metadata: { endpoint }, cause });
    };
    let response: Response;
    let text: string;
    try {
      response = await send(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
        body: JSON.stringify(body),
        signal,
      });
      text = await response.text();
    } catch (cause) {
      throw failed(cause);
    }
    if (!response.ok) {
      const status = String(response.status);
      const reason = response.status === 429 || response.status >= 500 ? 'LLM_UNAVAILABLE' : 'LLM_REQUEST_FAILED';
      throw generatorError('llm', reason, `the LLM endpoint answered HTTP ${status}: ${text.slice(0, 300)}`, { metadata: { endpoint, status } });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw generatorError('llm', 'LLM_OUTPUT_INVALID', 'the LLM endpoint did not answer with JSON', { metadata: { endpoint }, cause });
    }
    const content = replyContent(parsed);
    if (content === undefined) throw generatorError('llm', 'LLM_OUTPUT_INVALID', 'the LLM reply has no choices[0].message.content', { metadata: { endpoint } });
    return content;
  }

  return {
    name: 'llm',
    async generate(request: GenerateRequest): Promise<GeneratedProgram> {
      if (request.signal?.aborted === true) throw generatorError('llm', 'GENERATION_CANCELLED', 'program generation was cancelled');
      const program = programFromReply(await complete(request));
      if (program === '') throw generatorError('llm', 'LLM_OUTPUT_INVALID', 'the LLM replied without a program', { metadata: { endpoint } });
      return checkGenerated('llm', program, request.inputs, 'LLM_OUTPUT_INVALID');
    },
  };
}
