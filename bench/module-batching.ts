/**
 * Dynamic batching overhead of a module service: the throughput of the real service (gRPC server,
 * decode, dynamic batcher, worker-thread sessions) under N concurrent clients, against the
 * in-process throughput of the same predictor running full batches directly on onnxruntime.
 *
 *   npx tsx bench/module-batching.ts [--model loc|facedet|classify|vqa] [--clients 32] [--seconds 4]
 *                                    [--rounds 5] [--batch 8] [--delay-ms 2] [--models DIR]
 *                                    [--clients-in child|process]
 *
 * Both sides use the same runtime options (one worker, one intra-op thread) and the same request
 * (a rendered Shapes scene sent as raw pixels). Both stay loaded, and the measurement alternates
 * between them for `--rounds` rounds of `--seconds` each, so a noisy machine slows both alike; it
 * prints each round and the ratio of the medians. Target: service / in-process ≥ 0.85.
 *
 * The clients share the service's event loop by default, which charges their gRPC work to the
 * service as well. `--clients-in child` runs them in a child process, as production clients are;
 * on a machine with few cores that process competes with the service for them instead.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { silentLogger } from '@vprog/grpc-kit';
import { graphRunner, metricValue, scrapeMetrics, testServiceConfig, type ModuleService, type ModuleServiceConfig } from '@vprog/module-host';
import { discoverManifests, loadManifest } from '@vprog/models';
import { loadModel } from '@vprog/onnx-runtime';
import { createRegistry } from '@vprog/registry';
import type { ClientCommand, ClientReport } from './batching-clients';
import { BENCH_MODULES, benchScene, benchTarget, type BenchModule, type BenchTarget } from './module-targets';
import { median, throughput } from './stats';

const TARGET_RATIO = 0.85;
const WARMUP_MS = 5_000;

/** Batches run and items batched so far, from the service's Prometheus metrics (zeros without a metrics server). */
async function batchStats(url: string | undefined): Promise<{ batches: number; items: number }> {
  if (url === undefined) return { batches: 0, items: 0 };
  const text = await scrapeMetrics(url);
  return { batches: metricValue(text, 'vprog_module_batch_size_count'), items: metricValue(text, 'vprog_module_batch_size_sum') };
}

/** A side of the comparison, loaded: `measure(ms)` gives its throughput over `ms` (after its warm-up). */
interface Side<R> {
  measure(ms: number): Promise<R>;
  close(): Promise<void>;
}

/** Where the bench's clients run: in the bench's own process (sharing the service's event loop) or in a child process. */
type ClientsIn = 'process' | 'child';

/** The bench's clients, started: `measure(ms)` runs them all back to back for `ms` and gives calls per second. */
interface ClientPool {
  measure(ms: number): Promise<number>;
  close(): Promise<void>;
}

/** `clients` clients in this process, on the service's own event loop. */
function clientsHere(target: BenchTarget, address: string, clients: number): ClientPool {
  const opened = Array.from({ length: clients }, () => target.connect(address));
  const lanes = opened.map((c) => c.call);
  return {
    measure: (ms) => throughput(lanes, ms),
    close: async () => {
      for (const c of opened) c.close();
    },
  };
}

/**
 * `clients` clients in a child process (`batching-clients.ts`), as production clients are.
 * @throws Error when the child exits or fails before it is ready.
 */
async function clientsInChild(module: BenchModule, address: string, clients: number): Promise<ClientPool> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'batching-clients.ts'), module, address, String(clients)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<never>((_, fail) => child.once('exit', (code, signal) => fail(new Error(`the client process exited (code ${code ?? 'none'}, signal ${signal ?? 'none'})`))));
  exited.catch(() => undefined);
  const next = (): Promise<ClientReport> => Promise.race([new Promise<ClientReport>((done) => child.once('message', (m: ClientReport) => done(m))), exited]);
  const ask = (command: ClientCommand): void => {
    child.send(command);
  };
  try {
    const first = await next();
    if (first.kind !== 'ready') throw new Error(`the client process said ${JSON.stringify(first)} before it was ready`);
  } catch (error) {
    child.kill();
    throw error;
  }
  return {
    async measure(ms) {
      ask({ kind: 'measure', ms });
      const report = await next();
      if (report.kind !== 'measured') throw new Error(`the client process failed: ${report.kind === 'failed' ? report.message : report.kind}`);
      return report.rps;
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((done) => child.once('exit', done));
      if (child.connected) ask({ kind: 'close' });
      const timer = setTimeout(() => child.kill(), 5_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** The real service under `clients` concurrent gRPC clients; each measure also reports the mean batch it formed. */
async function openService(target: BenchTarget, models: string, config: ModuleServiceConfig, clients: number, clientsIn: ClientsIn): Promise<Side<{ rps: number; meanBatch: number }>> {
  const root = await mkdtemp(join(tmpdir(), 'vprog-bench-'));
  let started: ModuleService<unknown, unknown, unknown> | undefined;
  let pool: ClientPool | undefined;
  const close = async (): Promise<void> => {
    await pool?.close();
    await started?.shutdown(1_000);
    await rm(root, { recursive: true, force: true });
  };
  try {
    const registry = await createRegistry({ root, seedFrom: models });
    const service = (started = await target.start({ ...config, modelsRoot: root, seedFrom: models }, { registry, logger: silentLogger }));
    await service.load();
    const clientPool = (pool = clientsIn === 'child' ? await clientsInChild(target.module, service.address, clients) : clientsHere(target, service.address, clients));
    await clientPool.measure(WARMUP_MS);
    return {
      async measure(ms) {
        const before = await batchStats(service.metricsUrl);
        const rps = await clientPool.measure(ms);
        const after = await batchStats(service.metricsUrl);
        return { rps, meanBatch: (after.items - before.items) / Math.max(1, after.batches - before.batches) };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The active student run in process: full batches of `batch` identical domain requests through the
 * module definition's `runBatch`, one batch at a time (what one worker does).
 * @throws Error when the zoo holds no student of the module.
 */
async function openOrt(target: BenchTarget, models: string, config: ModuleServiceConfig, batch: number): Promise<Side<number>> {
  const location = (await discoverManifests(models)).filter((l) => l.module === target.module && l.role === 'student').at(-1);
  if (location === undefined) throw new Error(`no ${target.module} student under ${models}`);
  const loaded = await loadManifest(location.dir);
  const model = await loadModel({ name: `${loaded.manifest.name}@${location.version}`, graphs: loaded.files }, config.runtime);
  const predictor = target.definition.createPredictor({ manifest: loaded.manifest }, graphRunner(model));
  const items = Array.from({ length: batch }, () => target.domainRequest(loaded.manifest.labels ?? []));
  const once = () => target.definition.runBatch(predictor, items);
  try {
    await throughput([once], WARMUP_MS, batch);
  } catch (error) {
    await model.close();
    throw error;
  }
  return { measure: (ms) => throughput([once], ms, batch), close: () => model.close() };
}

/** Prints rows as aligned columns. */
function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((v, c) => v.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'loc' },
      clients: { type: 'string', default: '32' },
      seconds: { type: 'string', default: '4' },
      rounds: { type: 'string', default: '5' },
      batch: { type: 'string', default: '8' },
      'delay-ms': { type: 'string', default: '2' },
      'clients-in': { type: 'string', default: 'process' },
      models: { type: 'string', default: join(__dirname, '..', 'models') },
    },
  });
  const module = values.model as BenchModule;
  if (!BENCH_MODULES.includes(module)) throw new Error(`--model must be one of ${BENCH_MODULES.join(', ')}, got "${values.model}"`);
  const clients = positive('clients', values.clients);
  const ms = positive('seconds', values.seconds) * 1_000;
  const roundCount = positive('rounds', values.rounds);
  const batch = positive('batch', values.batch);
  const models = resolve(values.models);
  const clientsIn = values['clients-in'];
  if (clientsIn !== 'child' && clientsIn !== 'process') throw new Error(`--clients-in must be child or process, got "${clientsIn}"`);
  const base = testServiceConfig(models);
  const config: ModuleServiceConfig = { ...base, batching: { maxBatchSize: batch, maxQueueDelayMs: Number(values['delay-ms']), queueCapacity: Math.max(256, clients * 2) } };
  const target = benchTarget(module, benchScene(module));

  const ortSide = await openOrt(target, models, config, batch);
  const serviceSide = await openService(target, models, config, clients, clientsIn).catch(async (error: unknown) => {
    await ortSide.close();
    throw error;
  });
  const rounds: Array<{ ort: number; service: number; meanBatch: number }> = [];
  try {
    for (let r = 0; r < roundCount; r++) {
      const ort = await ortSide.measure(ms);
      const { rps: service, meanBatch } = await serviceSide.measure(ms);
      rounds.push({ ort, service, meanBatch });
      process.stderr.write(`round ${r + 1}/${roundCount}: in-process ${ort.toFixed(1)} req/s, service ${service.toFixed(1)} req/s (mean batch ${meanBatch.toFixed(2)}), ratio ${(service / ort).toFixed(3)}\n`);
    }
  } finally {
    await serviceSide.close();
    await ortSide.close();
  }
  const ort = median(rounds.map((r) => r.ort));
  const service = median(rounds.map((r) => r.service));
  const meanBatch = median(rounds.map((r) => r.meanBatch));
  const ratio = service / ort;
  process.stdout.write(
    `${table([
      ['path', 'req/s (median)', 'setup'],
      ['in-process ORT', ort.toFixed(1), `batches of ${batch}, 1 worker × ${config.runtime.intraOpNumThreads} thread`],
      ['module service', service.toFixed(1), `${clients} gRPC clients (${clientsIn === 'child' ? 'in a child process' : 'in the service process'}), max_batch_size ${batch}, max_queue_delay_ms ${config.batching.maxQueueDelayMs}, mean batch ${meanBatch.toFixed(2)}`],
      ['ratio', ratio.toFixed(3), `${ratio >= TARGET_RATIO ? `ok (≥ ${TARGET_RATIO})` : `MISSED (< ${TARGET_RATIO})`}; ${roundCount} alternating rounds of ${ms / 1_000} s`],
    ])}\n`,
  );
  process.stdout.write(`${JSON.stringify({ model: module, clients, clientsIn, batch, rounds: roundCount, serviceRps: round(service), ortRps: round(ort), ratio: round(ratio, 3), roundRatios: rounds.map((r) => round(r.service / r.ort, 3)) })}\n`);
}

function round(value: number, digits = 1): number {
  return Number(value.toFixed(digits));
}

main().catch((error: unknown) => {
  process.stderr.write(`module-batching: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
