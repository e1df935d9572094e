import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import {
  DEFAULT_DOMAIN_WEIGHTS,
  MODULE_NAMES,
  SPLITS,
  TASK_NAMES,
  createDatasetHasher,
  generateTaskItems,
  moduleDatasetFiles,
  parseDomainWeights,
  previewHtml,
  taskSampleFiles,
  type DatasetFile,
  type DatasetHasher,
  type DomainWeights,
  type ModuleName,
  type Split,
} from '@vprog/world';

/**
 * `vprog world …`: sample task items to disk, preview them as a self-contained HTML page, and write
 * the module datasets the model zoo trains on. Output is deterministic: the same flags write the
 * same bytes, and `--json` prints a content hash to prove it.
 */

const oneOf =
  <T extends string>(what: string, allowed: readonly T[]) =>
  (value: string): T => {
    if (!(allowed as readonly string[]).includes(value)) throw new InvalidArgumentError(`unknown ${what} "${value}"; expected one of: ${allowed.join(', ')}.`);
    return value as T;
  };

const integer =
  (what: string, min: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${what} must be an integer >= ${min}, got "${value}".`);
    return n;
  };

const domainWeights = (value: string): DomainWeights => {
  try {
    return parseDomainWeights(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
};

/** Writes files under `out`, creating folders, and hashes them as they go (nothing is kept in memory). */
function writeAll(out: string, files: Iterable<DatasetFile>): { hasher: DatasetHasher; images: number } {
  const hasher = createDatasetHasher();
  let images = 0;
  for (const file of files) {
    const target = join(out, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.data);
    hasher.add(file);
    if (file.path.startsWith('images/')) images++;
  }
  return { hasher, images };
}

interface SampleFlags {
  task: string;
  split: Split;
  seed: number;
  count: number;
  out: string;
  json?: boolean;
}

interface ModuleFlags {
  module: ModuleName;
  split: Split;
  seed: number;
  count: number;
  out: string;
  domains: DomainWeights;
  json?: boolean;
}

interface PreviewFlags {
  task: string;
  split: Split;
  seed: number;
  count: number;
  html: string;
}

function sampleAction(flags: SampleFlags): void {
  const out = resolve(flags.out);
  const { hasher } = writeAll(out, taskSampleFiles(flags.task, { split: flags.split, seed: flags.seed, count: flags.count }));
  const summary = { task: flags.task, split: flags.split, seed: flags.seed, count: flags.count, out, files: hasher.count, sha256: hasher.digest() };
  process.stdout.write(flags.json ? `${JSON.stringify(summary)}\n` : `wrote ${summary.files} files for ${flags.count} ${flags.task} items to ${out} (sha256 ${summary.sha256})\n`);
}

function modulesAction(flags: ModuleFlags): void {
  const out = resolve(flags.out);
  const { hasher, images } = writeAll(out, moduleDatasetFiles(flags.module, { split: flags.split, seed: flags.seed, count: flags.count, domains: flags.domains }));
  const summary = { module: flags.module, split: flags.split, seed: flags.seed, count: flags.count, out, images, files: hasher.count, sha256: hasher.digest() };
  process.stdout.write(flags.json ? `${JSON.stringify(summary)}\n` : `wrote ${flags.count} ${flags.module} items on ${images} images to ${out} (sha256 ${summary.sha256})\n`);
}

function previewAction(flags: PreviewFlags): void {
  const items = generateTaskItems(flags.task, { split: flags.split, seed: flags.seed, count: flags.count });
  const target = resolve(flags.html);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, previewHtml(`${flags.task} · ${flags.split} · seed ${flags.seed}`, items));
  process.stdout.write(`wrote a preview of ${items.length} ${flags.task} items to ${target}\n`);
}

/** Registers `vprog world sample|preview|modules`. Never throws; bad flags fail at parse time with exit code 1. */
export function registerWorldCommands(program: Command): void {
  const world = program.command('world').description('The Shapes world: task samples, previews and module datasets');
  const common = (command: Command): Command =>
    command
      .requiredOption('--split <split>', `split: ${SPLITS.join(', ')}`, oneOf('split', SPLITS))
      .requiredOption('--seed <n>', 'seed (integer)', integer('--seed', Number.MIN_SAFE_INTEGER))
      .requiredOption('--count <k>', 'how many items', integer('--count', 1));

  common(world.command('sample').description('Write task items: images/<id>.png (or -left/-right) and items.jsonl'))
    .requiredOption('--task <task>', `task: ${TASK_NAMES.join(', ')}`, oneOf('task', TASK_NAMES))
    .requiredOption('--out <dir>', 'output folder')
    .option('--json', 'print one JSON line with the files written and their sha256')
    .action((flags: SampleFlags) => sampleAction(flags));

  common(world.command('preview').description('Write a self-contained HTML page showing task items'))
    .requiredOption('--task <task>', `task: ${TASK_NAMES.join(', ')}`, oneOf('task', TASK_NAMES))
    .requiredOption('--html <file>', 'the HTML file to write')
    .action((flags: PreviewFlags) => previewAction(flags));

  common(world.command('modules').description('Write a module dataset: images/NNNNNN.png, items.jsonl, vocab.json'))
    .requiredOption('--module <module>', `module: ${MODULE_NAMES.join(', ')}`, oneOf('module', MODULE_NAMES))
    .requiredOption('--out <dir>', 'output folder')
    .option('--domains <weights>', 'domain mix, e.g. studio=1,paper=1,noise=1,dusk=0.02', domainWeights, DEFAULT_DOMAIN_WEIGHTS)
    .option('--json', 'print one JSON line with the files written and their sha256')
    .action((flags: ModuleFlags) => modulesAction(flags));
}
