/**
 * Prints the answer balance of every Shapes-world task over its test split (2,000 items per task
 * by default), and checks that every gold program gives the gold answer on the oracle and that the
 * template parser recovers a program with the same oracle answer.
 *
 *   npx tsx bench/world-balance.ts [--count 2000] [--seed 0]
 *
 * Exits 1 if any balance check fails, any gold program disagrees with its answer, or the template
 * parser recovers fewer than 99% of the questions.
 */
import {
  TASKS,
  formatBalanceTable,
  generateTaskItems,
  getTask,
  isWorldError,
  predictionFromValue,
  questionToProgram,
  runWithOracle,
  scoreItem,
  taskBalance,
  type TaskBalance,
  type TaskItem,
} from '@vprog/world';

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

async function oracleChecks(task: string, items: readonly TaskItem[]): Promise<{ gold: number; template: number }> {
  const metric = getTask(task).metric;
  let gold = 0;
  let template = 0;
  for (const item of items) {
    if (scoreItem(metric, item.answer, predictionFromValue(await runWithOracle(item, item.program))).correct) gold++;
    try {
      const program = questionToProgram(item.question, { task });
      if (scoreItem(metric, item.answer, predictionFromValue(await runWithOracle(item, program))).correct) template++;
    } catch (error) {
      if (!isWorldError(error)) throw error;
    }
  }
  return { gold, template };
}

async function main(): Promise<void> {
  const count = flag('--count', 2000);
  const seed = flag('--seed', 0);
  const reports: TaskBalance[] = [];
  const lines: string[] = [];
  let failed = false;
  for (const task of TASKS) {
    const started = Date.now();
    const items = generateTaskItems(task.name, { split: 'test', seed, count });
    const generatedMs = Date.now() - started;
    const report = taskBalance(task.name, items);
    const { gold, template } = await oracleChecks(task.name, items);
    reports.push(report);
    failed ||= !report.ok || gold !== items.length || template < 0.99 * items.length;
    lines.push(
      `${task.name.padEnd(18)} ${String(items.length).padStart(5)} items  generated in ${generatedMs} ms  ` +
        `gold=oracle ${gold}/${items.length}  template ${((100 * template) / items.length).toFixed(2)}%  balance ${report.ok ? 'ok' : 'FAIL'}`,
    );
  }
  process.stdout.write(`${formatBalanceTable(reports)}\n\n${lines.join('\n')}\n`);
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
