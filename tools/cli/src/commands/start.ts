import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { TASKS, getTask } from '@vprog/world';
import { evaluateBaseline, type Baseline, type BaselineCell } from './baseline-eval';
import { startStack } from './up';

/**
 * `vprog start` (what `npm start` runs): the main job on the embedded default. It starts every
 * service on loopback (the module services, their teacher sidecars and the program runner, as
 * separate processes seeded from the committed zoo), runs each task's test programs end to end
 * under the baselines that exist so far — the students as they are, and the modules replaced by
 * their teachers — prints the results table and the report path, stops the stack and exits 0.
 */

const BASELINES: readonly Baseline[] = ['students', 'teachers'];

/** Options of {@link runMainJob}. */
export interface MainJobOptions {
  readonly stateDir: string;
  readonly tasks: readonly string[];
  readonly count: number;
  readonly seed: number;
  readonly concurrency: number;
  readonly err: (text: string) => void;
  readonly out: (text: string) => void;
}

/** The results table as fixed-width text: one row per baseline, one column per task. */
export function formatTable(cells: readonly BaselineCell[], tasks: readonly string[]): string {
  const header = ['baseline', ...tasks.map((t) => `${t}${getTask(t).kind === 'target' ? '*' : ''}`)];
  const rows = BASELINES.map((baseline) => [
    baseline,
    ...tasks.map((task) => {
      const cell = cells.find((c) => c.task === task && c.baseline === baseline);
      return cell === undefined || Number.isNaN(cell.value) ? 'n/a' : cell.value.toFixed(3);
    }),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cols: readonly string[]) => cols.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * Runs the main job and returns the report path.
 * @throws Error when the stack cannot start or the runner becomes unreachable (the stack is stopped first).
 */
export async function runMainJob(options: MainJobOptions): Promise<string> {
  const stateDir = resolve(options.stateDir);
  options.err(`vprog: starting the module services, teacher sidecars and program runner (state in ${stateDir})…\n`);
  const stack = await startStack({ host: '127.0.0.1', ephemeral: true, stateDir, runner: true, readyTimeoutMs: 240_000 });
  const cells: BaselineCell[] = [];
  try {
    const runnerAddress = stack.services.find((s) => s.role === 'runner')?.address;
    if (runnerAddress === undefined) throw new Error('the program runner did not start');
    for (const s of stack.services) options.err(`  ${s.name.padEnd(15)} ${s.role.padEnd(8)} ${s.address}\n`);
    for (const task of options.tasks) {
      for (const baseline of BASELINES) {
        const cell = await evaluateBaseline({
          runnerAddress,
          task,
          baseline,
          split: 'test',
          seed: options.seed,
          count: options.count,
          concurrency: options.concurrency,
        });
        cells.push(cell);
        const failed = cell.failed > 0 ? ` (${cell.failed} runs refused or failed)` : '';
        options.err(`  ${task} · ${baseline}: ${cell.metric} ${cell.value.toFixed(3)} over ${cell.n}${failed}\n`);
      }
    }
  } finally {
    const clean = await stack.stop();
    if (!clean) options.err('vprog: some services did not stop cleanly\n');
  }
  const table = formatTable(cells, options.tasks);
  const reportDir = join(stateDir, 'reports');
  mkdirSync(reportDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const path = join(reportDir, `baselines-${stamp}.json`);
  const report = {
    split: 'test',
    seed: options.seed,
    countPerTask: options.count,
    note: 'Rows: students as they are; the modules replaced by their teacher sidecars. * marks target tasks. Distillation rows come with the SDVP coordinator.',
    cells,
  };
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.replace(/\.json$/, '.md'), `# vprog baselines\n\n\`\`\`\n${table}\n\`\`\`\n\n${report.note}\n`);
  options.out(`${table}\n\n* target task · test split, seed ${options.seed}, ${options.count} items per cell\nreport: ${path}\n`);
  return path;
}

const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
};

const taskList = (value: string): string[] => {
  const tasks = value.split(',').map((t) => t.trim()).filter((t) => t !== '');
  for (const t of tasks) getTask(t);
  return tasks;
};

/** Registers `vprog start`. */
export function registerStartCommands(program: Command): void {
  const defaultTasks = TASKS.filter((t) => t.kind === 'target').map((t) => t.name).concat(['gqa-shapes-studio', 'shape-tag', 'size-qa']);
  program
    .command('start')
    .description('the main job: start every service, run the baselines on the Shapes benchmark, print the table and the report path')
    .option('--count <n>', 'test items per task and baseline', positive, 16)
    .option('--seed <n>', 'seed of the test split', positive, 1)
    .option('--tasks <list>', 'comma-separated tasks', taskList, defaultTasks)
    .option('--concurrency <n>', 'programs in flight at once', positive, 4)
    .option('--state-dir <dir>', 'model registry, traces and reports', '.vprog')
    .action(async (flags: { count: number; seed: number; tasks: string[]; concurrency: number; stateDir: string }) => {
      await runMainJob({
        stateDir: flags.stateDir,
        tasks: flags.tasks,
        count: flags.count,
        seed: flags.seed,
        concurrency: flags.concurrency,
        err: (t) => process.stderr.write(t),
        out: (t) => process.stdout.write(t),
      });
    });
}
