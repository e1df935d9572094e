import { InvalidArgumentError, type Command } from 'commander';
import { common } from '@vprog/proto-ts';
import { getTask } from '@vprog/world';
import { evaluateBaseline, type BaselineCell } from './baseline-eval';
import { withRunner } from './embedded-runner';

/**
 * `vprog eval`: end-to-end accuracy of a task's gold programs through a program runner, overall
 * and per question family, with the modules served by their students or routed to teachers.
 */

/** The flags of `vprog eval`. */
export interface EvalFlags {
  readonly task: string;
  readonly split: 'train' | 'dev' | 'test';
  readonly seed: number;
  readonly limit: number;
  /** `module=teacher` (or `module=student`) entries. */
  readonly route: readonly string[];
  readonly runner?: string;
  readonly json?: boolean;
  readonly concurrency: number;
  readonly stateDir: string;
}

/** What `vprog eval --json` prints. */
export interface EvalReport {
  readonly task: string;
  readonly split: string;
  readonly seed: number;
  readonly n: number;
  readonly accuracy: number;
  readonly per_family: Readonly<Record<string, number>>;
  readonly metric: string;
  readonly failed: number;
  readonly teachers: readonly string[];
}

const MODULES: Readonly<Record<string, common.Module>> = {
  loc: common.Module.MODULE_LOC,
  facedet: common.Module.MODULE_FACEDET,
  classify: common.Module.MODULE_CLASSIFY,
  vqa: common.Module.MODULE_VQA,
};

/**
 * Reads `--route` entries into the modules routed to teachers.
 * @throws InvalidArgumentError for an entry that is not `module=teacher|student` with a known module.
 */
export function parseRoutes(entries: readonly string[]): string[] {
  const teachers = new Set<string>();
  for (const entry of entries) {
    const match = /^\s*(\w+)\s*=\s*(teacher|student)\s*$/i.exec(entry);
    const name = match?.[1].toLowerCase();
    if (match === null || name === undefined || MODULES[name] === undefined) {
      throw new InvalidArgumentError(`bad --route "${entry}"; expected module=teacher or module=student with module one of ${Object.keys(MODULES).join(', ')}`);
    }
    if (match[2].toLowerCase() === 'teacher') teachers.add(name);
    else teachers.delete(name);
  }
  return [...teachers].sort();
}

/** A one-line progress bar, redrawn in place. */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

/** The report of one finished evaluation. */
export function evalReport(flags: EvalFlags, teachers: readonly string[], cell: BaselineCell): EvalReport {
  return { task: cell.task, split: flags.split, seed: flags.seed, n: cell.n, accuracy: cell.value, per_family: cell.perFamily, metric: cell.metric, failed: cell.failed, teachers };
}

/**
 * Runs `vprog eval` and resolves with its report (printed to `out`; progress goes to `err`).
 * @throws InvalidArgumentError for bad routes or an unknown task; Error when the runner is unreachable or the embedded stack cannot start.
 */
export async function runEval(flags: EvalFlags, out: (text: string) => void, err: (text: string) => void): Promise<EvalReport> {
  getTask(flags.task);
  const teachers = parseRoutes(flags.route);
  const cell = await withRunner({ runner: flags.runner, stateDir: flags.stateDir, err }, (runnerAddress) =>
    evaluateBaseline({
      runnerAddress,
      task: flags.task,
      baseline: teachers.length === Object.keys(MODULES).length ? 'teachers' : 'students',
      teachers: teachers.map((t) => MODULES[t]),
      split: flags.split,
      seed: flags.seed,
      count: flags.limit,
      concurrency: flags.concurrency,
      onItem: (done, total) => err(`${progressBar(done, total)}${done === total ? '\n' : ''}`),
    }),
  );
  const report = evalReport(flags, teachers, cell);
  if (flags.json) out(`${JSON.stringify(report)}\n`);
  else {
    const families = Object.entries(report.per_family).map(([f, v]) => `  ${f.padEnd(16)} ${v.toFixed(3)}\n`).join('');
    out(`${report.task} · ${report.split} · seed ${report.seed} · ${report.n} items${teachers.length > 0 ? ` · teachers: ${teachers.join(',')}` : ''}\n${report.metric}: ${report.accuracy.toFixed(3)}${report.failed > 0 ? ` (${report.failed} runs failed)` : ''}\n${families}`);
  }
  return report;
}

const nonNegative = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a non-negative integer, got "${value}"`);
  return n;
};
const positive = (value: string): number => {
  const n = nonNegative(value);
  if (n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
};
const split = (value: string): string => {
  if (!['train', 'dev', 'test'].includes(value)) throw new InvalidArgumentError(`expected train, dev or test, got "${value}"`);
  return value;
};
const collect = (value: string, previous: readonly string[] = []): string[] => [...previous, ...value.split(',').filter((v) => v !== '')];

/** Registers `vprog eval`. */
export function registerEvalCommands(program: Command): void {
  program
    .command('eval')
    .description("End-to-end accuracy of a task's gold programs through a program runner (starts an embedded stack when none is given)")
    .requiredOption('--task <task>', 'the task, e.g. gqa-shapes')
    .option('--split <split>', 'train, dev or test', split, 'test')
    .option('--seed <n>', 'seed of the split', nonNegative, 1)
    .option('--limit <k>', 'items to evaluate', positive, 32)
    .option('--route <routes>', 'route modules, e.g. loc=teacher,vqa=teacher', collect, [])
    .option('--runner <address>', "the runner's host:port (default: VPROG_RUNNER_ADDR, else an embedded stack)")
    .option('--concurrency <n>', 'programs in flight at once', positive, 4)
    .option('--state-dir <dir>', 'state of an embedded stack', '.vprog')
    .option('--json', 'print {task, split, seed, n, accuracy, per_family}')
    .action(async (flags: EvalFlags) => {
      await runEval(flags, (t) => process.stdout.write(t), (t) => process.stderr.write(t));
    });
}
