import { ALL_MODULES, itemRequest, type ItemOutcome, type ModuleRoute } from '@vprog/benchmark';
import { createClient, isVprogError } from '@vprog/grpc-kit';
import { runner } from '@vprog/proto-ts';
import { generateTaskItem, type GoldAnswer } from '@vprog/world';
import type { RationaleExample, RationaleRun } from './report-html';
import type { ModuleVersions } from './study-versions';

/**
 * The report's examples: test questions whose answer changed between the students and the final
 * SDVP versions, replayed through the runner with the visual rationale page — once pinned to the
 * students' original versions, once on the versions active now — so a reader sees which step
 * changed and how.
 */

/** A question whose answer changed. */
export interface ChangedItem {
  readonly task: string;
  readonly index: number;
}

/**
 * Picks up to `limit` changed questions, taking one task at a time in turn (targets first, as
 * `tasks` lists them) so that one task cannot fill the page.
 */
export function changedItems(
  tasks: readonly string[],
  before: Readonly<Record<string, readonly ItemOutcome[]>>,
  after: Readonly<Record<string, readonly ItemOutcome[]>>,
  limit: number,
): ChangedItem[] {
  const queues = tasks.map((task) => {
    const was = new Map((before[task] ?? []).map((o) => [o.index, o.answer]));
    return (after[task] ?? []).filter((o) => was.has(o.index) && was.get(o.index) !== o.answer).map((o) => ({ task, index: o.index }));
  });
  const picked: ChangedItem[] = [];
  for (let round = 0; picked.length < limit && queues.some((q) => q.length > round); round++) {
    for (const queue of queues) if (round < queue.length && picked.length < limit) picked.push(queue[round]);
  }
  return picked;
}

/** Gold answers as text: strings as they are, tags and boxes as compact JSON. */
export function goldText(answer: GoldAnswer): string {
  return typeof answer === 'string' ? answer : JSON.stringify(answer);
}

/** Options of {@link collectRationales}. */
export interface RationaleOptions {
  readonly runnerAddress: string;
  readonly seed: number;
  readonly items: readonly ChangedItem[];
  readonly originalVersions: ModuleVersions;
}

async function runOnce(client: ReturnType<typeof runnerClient>, request: runner.ExecuteRequest, label: string): Promise<RationaleRun> {
  try {
    let answer = '';
    let html = '';
    for await (const event of client.execute(request, { deadlineMs: 60_000 })) {
      if (event.event?.$case === 'result') ({ answer, rationaleHtml: html } = event.event.value);
    }
    return { label, answer, html };
  } catch (error) {
    if (isVprogError(error) && error.code !== 'UNAVAILABLE') return { label, answer: `(failed: ${error.reason})`, html: '' };
    throw error;
  }
}

const runnerClient = (address: string) => createClient(runner.RunnerServiceClient, address);

/**
 * Replays each item on the original and on the active versions with the rationale page.
 * @throws the runner's typed error when it is unreachable; a failed run becomes an example
 *   without a page.
 */
export async function collectRationales(options: RationaleOptions): Promise<RationaleExample[]> {
  const client = runnerClient(options.runnerAddress);
  const pinned: ModuleRoute[] = ALL_MODULES.map((module) => ({ module, version: options.originalVersions[module] }));
  const examples: RationaleExample[] = [];
  try {
    for (const { task, index } of options.items) {
      const item = generateTaskItem(task, 'test', options.seed, index);
      const before = await runOnce(client, itemRequest(item, pinned, { skipTrace: true, rationaleHtml: true }), 'students (original versions)');
      const after = await runOnce(client, itemRequest(item, [], { skipTrace: true, rationaleHtml: true }), 'SDVP (final versions)');
      examples.push({ task, itemId: item.id, question: item.question, gold: goldText(item.answer), before, after });
    }
  } finally {
    client.$close();
  }
  return examples;
}
