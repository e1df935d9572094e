import { STEP_MODULES } from '../steps/catalogue';

/** One in-context example: a question and the program that answers it. */
export interface LlmExample {
  readonly question: string;
  readonly program: string;
}

/** A chat message of the OpenAI-compatible API. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

function catalogue(): string {
  return STEP_MODULES.map((module) => {
    const args = module.args.map((a) => `${a.name}=<${a.kind === 'variable' ? (a.types ?? ['any']).join('|') : a.kind}>`).join(', ');
    return `- ${module.ops.join(' / ')}(${args}): ${module.summary}`;
  }).join('\n');
}

/**
 * The chat messages that ask a model for a program, VisProg style: a system message that defines
 * the DSL (taken from the step catalogue, so it never drifts from what the validator accepts),
 * then every example as a user/assistant turn, then the question. Throws nothing.
 */
export function buildPromptMessages(question: string, inputs: readonly string[], examples: readonly LlmExample[]): ChatMessage[] {
  const system = [
    'You write programs in a small visual programming language that answer questions about images.',
    'One step per line: OUT=OP(name=value, ...). Values are variables, quoted strings, numbers or lists of strings.',
    `The input image variables are ${inputs.join(' and ')}. Every variable is defined once, before it is used.`,
    'The last line is RESULT(var=...). Answer with the program only: no explanation, no code fences.',
    'The operations:',
    catalogue(),
  ].join('\n');
  const messages: ChatMessage[] = [{ role: 'system', content: system }];
  for (const example of examples) {
    messages.push({ role: 'user', content: `Question: ${example.question}` });
    messages.push({ role: 'assistant', content: example.program });
  }
  messages.push({ role: 'user', content: `Question: ${question}` });
  return messages;
}

/**
 * The program text inside a chat reply: the first fenced code block if there is one, else the
 * whole reply; a leading `Program:` label line is dropped. The parser recovers the rest
 * (whitespace, case); anything else it rejects with a position. Throws nothing.
 */
export function programFromReply(reply: string): string {
  const fenced = /```[A-Za-z0-9_-]*[^\S\n]*\n([\s\S]*?)```/.exec(reply);
  const body = fenced?.[1] ?? reply;
  return body.replace(/^\s*(?:program|answer)\s*:\s*\n/i, '').trim();
}
