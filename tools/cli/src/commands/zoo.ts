import { join, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import {
  createAccumulator,
  createPredictor,
  discoverManifests,
  loadManifest,
  type MetricAccumulator,
  type ModulePredictor,
} from '@vprog/models';
import { loadModel, type LoadedModel } from '@vprog/onnx-runtime';
import {
  ANSWERS,
  DOMAINS,
  MODULE_NAMES,
  generateModuleSamples,
  renderModuleImage,
  type Domain,
  type ModuleItem,
  type ModuleName,
} from '@vprog/world';

/**
 * `vprog zoo eval`: measures every student and teacher of the model zoo afresh — on newly generated
 * test-split samples of each domain, through the same TypeScript preprocessing and onnxruntime
 * path the services use — and never trusts the metrics written into manifests.
 */

/** One measured cell of the zoo table. */
export interface ZooResult {
  readonly module: ModuleName;
  readonly role: 'student' | 'teacher';
  readonly domain: Domain;
  readonly metric: string;
  readonly value: number;
  readonly n: number;
}

/** Options of {@link evaluateZoo}. */
export interface ZooEvalOptions {
  readonly modelsDir: string;
  readonly modules: readonly ModuleName[];
  readonly domains: readonly Domain[];
  readonly seed: number;
  /** Items per module per domain. */
  readonly count: number;
  /** Items per batched model call. */
  readonly batchSize: number;
  /** onnxruntime intra-op threads per session (student and teacher run side by side). */
  readonly threads?: number;
  /** Progress lines (stderr in the CLI). */
  readonly progress?: (line: string) => void;
}

/** The zoo's default location: `models/` at the repository root. */
export const DEFAULT_MODELS_DIR = join(__dirname, '..', '..', '..', '..', 'models');
/** The default seed: not one the recipes train or test on. */
export const DEFAULT_EVAL_SEED = 1000;

interface LoadedPredictor {
  readonly predictor: ModulePredictor;
  readonly model: LoadedModel;
}

function versionNumber(version: string): number {
  const match = /(\d+)/.exec(version);
  return match ? Number(match[1]) : 0;
}

/** Loads the newest version of one module/role: manifest, onnxruntime sessions, predictor. */
async function loadPredictor(modelsDir: string, module: ModuleName, role: 'student' | 'teacher', threads: number): Promise<LoadedPredictor> {
  const found = (await discoverManifests(modelsDir)).filter((m) => m.module === module && m.role === role);
  if (found.length === 0) throw new Error(`no ${module} ${role} under ${modelsDir} (expected ${module}/${role}/<version>/manifest.json)`);
  const newest = found.sort((a, b) => versionNumber(b.version) - versionNumber(a.version))[0];
  const loaded = await loadManifest(newest.dir);
  const model = await loadModel({ name: loaded.manifest.name, graphs: loaded.files }, { poolSize: 1, intraOpNumThreads: threads });
  const runner = (graph: string, feeds: Parameters<LoadedModel['run']>[1]) => model.run(graph, feeds, { transfer: true });
  return { predictor: createPredictor(loaded, runner, { answerVocabulary: ANSWERS }), model };
}

type Batch = Array<{ image: ReturnType<typeof renderModuleImage>; items: readonly ModuleItem[] }>;

/**
 * Feeds one domain's samples, rendered once per batch, to every accumulator. Rendering the next
 * batch (main thread) overlaps with the models running the previous one (worker threads).
 */
async function evaluateDomain(
  module: ModuleName,
  domain: Domain,
  accumulators: ReadonlyArray<MetricAccumulator<ModuleItem>>,
  options: ZooEvalOptions,
): Promise<void> {
  const samples = generateModuleSamples(module, { split: 'test', seed: options.seed, count: options.count, domains: { [domain]: 1 } });
  let inFlight: Promise<void> = Promise.resolve();
  let done = 0;
  let reported = 0;
  const launch = async (batch: Batch, items: number): Promise<void> => {
    await inFlight;
    inFlight = Promise.all(accumulators.map((a) => a.add(batch))).then(() => {
      done += items;
      if (done - reported >= options.count / 4 || done === options.count) {
        reported = done;
        options.progress?.(`zoo eval: ${module} ${domain} ${done}/${options.count} items`);
      }
    });
  };
  let batch: Batch = [];
  let items = 0;
  for (const sample of samples) {
    batch.push({ image: renderModuleImage(sample), items: sample.items });
    items += sample.items.length;
    if (items >= options.batchSize) {
      await launch(batch, items);
      batch = [];
      items = 0;
    }
  }
  if (batch.length > 0) await launch(batch, items);
  await inFlight;
}

/**
 * Evaluates the students and teachers of the chosen modules on every chosen domain.
 * @throws Error when a model is missing; the runtime's and the models' typed errors.
 */
export async function evaluateZoo(options: ZooEvalOptions): Promise<ZooResult[]> {
  const results: ZooResult[] = [];
  for (const module of options.modules) {
    const threads = options.threads ?? 1;
    const loaded = [
      await loadPredictor(options.modelsDir, module, 'student', threads),
      await loadPredictor(options.modelsDir, module, 'teacher', threads),
    ];
    try {
      options.progress?.(`zoo eval: ${module}: ${loaded.map((l) => l.predictor.id).join(', ')}`);
      for (const domain of options.domains) {
        const accumulators = loaded.map((l) => createAccumulator(l.predictor));
        await evaluateDomain(module, domain, accumulators, options);
        loaded.forEach((l, i) => {
          for (const m of accumulators[i].results()) results.push({ module, role: l.predictor.role, domain, ...m });
        });
      }
    } finally {
      await Promise.all(loaded.map((l) => l.model.close()));
    }
  }
  return results;
}

/** A readable table: one row per module, domain and metric, students next to teachers. */
export function formatZooTable(results: readonly ZooResult[]): string {
  const keys = [...new Set(results.map((r) => `${r.module}\u0000${r.domain}\u0000${r.metric}`))];
  const cell = (key: string, role: string): string => {
    const r = results.find((x) => `${x.module}\u0000${x.domain}\u0000${x.metric}` === key && x.role === role);
    return r === undefined ? '—' : `${r.value.toFixed(3)} (n=${r.n})`;
  };
  const rows = [['module', 'domain', 'metric', 'student', 'teacher'], ...keys.map((k) => [...k.split('\u0000'), cell(k, 'student'), cell(k, 'teacher')])];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((v, c) => v.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

const integer =
  (what: string, min: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`${what} must be an integer >= ${min}, got "${value}".`);
    return n;
  };

const listOf =
  <T extends string>(what: string, allowed: readonly T[]) =>
  (value: string): T[] => {
    const picked = value.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
    const bad = picked.filter((v) => !(allowed as readonly string[]).includes(v));
    if (picked.length === 0 || bad.length > 0) throw new InvalidArgumentError(`unknown ${what} "${bad.join(',') || value}"; expected one or more of: ${allowed.join(', ')}.`);
    return picked as T[];
  };

interface EvalFlags {
  module: ModuleName[];
  domains: Domain[];
  seed: number;
  count: number;
  models: string;
  batch: number;
  threads: number;
  json?: boolean;
}

/** Registers `vprog zoo eval`. Bad flags fail at parse time; a missing model fails the command. */
export function registerZooCommands(program: Command): void {
  const zoo = program.command('zoo').description('The default model zoo: measure every student and teacher');
  zoo
    .command('eval')
    .description('Measure AP50 (loc, facedet) and accuracy (classify, vqa) per domain on fresh samples')
    .option('--module <modules>', `comma-separated modules: ${MODULE_NAMES.join(', ')}`, listOf('module', MODULE_NAMES), [...MODULE_NAMES])
    .option('--domains <domains>', `comma-separated domains: ${DOMAINS.join(', ')}`, listOf('domain', DOMAINS), [...DOMAINS])
    .option('--seed <n>', 'seed of the generated test samples', integer('--seed', Number.MIN_SAFE_INTEGER), DEFAULT_EVAL_SEED)
    .option('--count <k>', 'items per module per domain', integer('--count', 1), 1000)
    .option('--models <dir>', 'model root holding <module>/<role>/<version>/', DEFAULT_MODELS_DIR)
    .option('--batch <n>', 'items per batched model call', integer('--batch', 1), 64)
    .option('--threads <n>', 'onnxruntime threads per model (student and teacher run side by side)', integer('--threads', 1), 1)
    .option('--json', 'print one JSON line: {"seed","count","results":[{module,role,domain,metric,value,n}]}')
    .action(async (flags: EvalFlags) => {
      const results = await evaluateZoo({
        modelsDir: resolve(flags.models),
        modules: flags.module,
        domains: flags.domains,
        seed: flags.seed,
        count: flags.count,
        batchSize: flags.batch,
        threads: flags.threads,
        progress: (line) => process.stderr.write(`${line}\n`),
      });
      const text = flags.json ? JSON.stringify({ seed: flags.seed, count: flags.count, results }) : formatZooTable(results);
      process.stdout.write(`${text}\n`);
    });
}
