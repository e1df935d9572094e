import {
  createGeneratorChain,
  createGoldGenerator,
  createLlmGenerator,
  createTemplateGenerator,
  generatorError,
  type LlmExample,
  type ProgramGenerator,
} from '@vprog/program';
import { generateTaskItem, generateTaskItems, getTask, questionToProgram, SPLITS, TASKS, TASK_NAMES, type Split } from '@vprog/world';
import type { RunnerConfig } from './config';

/** Example ids are `<task>-<split>-<seed>-<index>`, as the world names its items. */
const EXAMPLE_ID = new RegExp(`^(.+)-(${SPLITS.join('|')})-(-?\\d+)-(\\d+)$`);

/** A task example by id, regenerated from the world (items are deterministic). */
function lookupExample(id: string): { question: string; program: string } | undefined {
  const match = EXAMPLE_ID.exec(id);
  if (match === null || !TASK_NAMES.includes(match[1])) return undefined;
  const item = generateTaskItem(match[1], match[2] as Split, Number(match[3]), Number(match[4]));
  return { question: item.question, program: item.program };
}

const sameInputs = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

/**
 * In-context examples for the LLM: gold programs of the task's training split, one per question
 * family first, so every program shape is shown; for a task the world does not know, those of the
 * first task with the same inputs. Cached per task.
 */
function exampleSource(count: number): (task: string | undefined, inputs: readonly string[]) => readonly LlmExample[] {
  const cache = new Map<string, LlmExample[]>();
  return (task, inputs) => {
    const name = task !== undefined && TASK_NAMES.includes(task) ? task : TASKS.find((t) => sameInputs(t.inputs, inputs))?.name;
    if (name === undefined || count === 0) return [];
    let examples = cache.get(name);
    if (examples === undefined) {
      const items = generateTaskItems(name, { split: 'train', seed: 0, count: Math.max(count * 4, 16) });
      const seen = new Set<string>();
      const firsts = items.filter((item) => !seen.has(item.family) && seen.add(item.family));
      const rest = items.filter((item) => !firsts.includes(item));
      examples = [...firsts, ...rest].slice(0, count).map((item) => ({ question: item.question, program: item.program }));
      cache.set(name, examples);
    }
    return examples;
  };
}

/**
 * Every generator the runner offers: `gold` (task examples from the world), `template` (the
 * world's question grammar), `llm` (the configured OpenAI-compatible endpoint; without one it
 * fails with GENERATOR_UNAVAILABLE) and `auto` (template, then llm when configured).
 * @throws GeneratorError GENERATOR_UNAVAILABLE when the configured LLM base URL is malformed.
 */
export function createRunnerGenerators(config: Pick<RunnerConfig, 'llm'>): ProgramGenerator[] {
  const gold = createGoldGenerator({ lookup: lookupExample });
  const template = createTemplateGenerator((question, context) => {
    const known = context.task !== undefined && TASK_NAMES.includes(context.task);
    // A task label the world does not know only names the run; the grammar then goes by the inputs.
    return questionToProgram(question, known ? { task: getTask(context.task as string).name } : { inputs: context.inputs });
  });
  const llm: ProgramGenerator =
    config.llm === undefined
      ? { name: 'llm', generate: () => Promise.reject(generatorError('llm', 'GENERATOR_UNAVAILABLE', 'no LLM endpoint is configured (set VPROG_RUNNER_LLM_BASE_URL and VPROG_RUNNER_LLM_MODEL)')) }
      : createLlmGenerator({
          baseUrl: config.llm.baseUrl,
          model: config.llm.model,
          ...(config.llm.apiKey === undefined ? {} : { apiKey: config.llm.apiKey }),
          timeoutMs: config.llm.timeoutMs,
          examples: exampleSource(config.llm.examples),
        });
  const auto = createGeneratorChain('auto', config.llm === undefined ? [template] : [template, llm]);
  return [gold, template, llm, auto];
}
