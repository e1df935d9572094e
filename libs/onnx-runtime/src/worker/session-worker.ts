/**
 * The body of a session worker thread: loads every graph of one model into onnxruntime sessions,
 * then answers `run` messages. onnxruntime's `run()` blocks its thread, which is why it lives here
 * and not on the main event loop. Started through `bootstrap.js`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { ExecutionProvider } from '../config';
import { isRuntimeError, runtimeError, toRuntimeErrorData, type RuntimeErrorData } from '../errors';
import type { TensorArray, TensorMap, TensorType } from '../tensor';
import type { FromWorker, GraphInfo, ToWorker, ValueInfo, WorkerInit } from './protocol';

interface LoadedGraph {
  readonly session: ort.InferenceSession;
  readonly info: GraphInfo;
}

interface SessionResult {
  readonly session: ort.InferenceSession;
  readonly provider: ExecutionProvider;
  readonly fallbackReason?: string;
}

/** Creates one session, trying CUDA first when asked; a CUDA failure falls back to CPU. */
async function createSession(path: string, init: WorkerInit): Promise<SessionResult> {
  const base: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: 'all',
    ...(init.intraOpNumThreads !== undefined ? { intraOpNumThreads: init.intraOpNumThreads } : {}),
    ...(init.interOpNumThreads !== undefined ? { interOpNumThreads: init.interOpNumThreads } : {}),
  };
  if (init.executionProvider === 'cuda') {
    try {
      const session = await ort.InferenceSession.create(path, { ...base, executionProviders: ['cuda'], logSeverityLevel: 4 });
      return { session, provider: 'cuda' };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const session = await ort.InferenceSession.create(path, { ...base, executionProviders: ['cpu'] });
      return { session, provider: 'cpu', fallbackReason: reason };
    }
  }
  const session = await ort.InferenceSession.create(path, { ...base, executionProviders: ['cpu'] });
  return { session, provider: 'cpu' };
}

function valueInfos(metadata: readonly ort.InferenceSession.ValueMetadata[]): ValueInfo[] {
  return metadata.map((m) =>
    m.isTensor ? { name: m.name, type: m.type, shape: [...m.shape] } : { name: m.name, type: 'non-tensor', shape: [] },
  );
}

async function loadGraphs(init: WorkerInit): Promise<{ graphs: Map<string, LoadedGraph>; message: FromWorker }> {
  const graphs = new Map<string, LoadedGraph>();
  let provider: ExecutionProvider = init.executionProvider;
  let fallbackReason: string | undefined;
  for (const graph of init.graphs) {
    let result: SessionResult;
    try {
      result = await createSession(graph.path, init);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw runtimeError(
        'MODEL_FILE_CORRUPT',
        `model ${init.model}: ${graph.name} file ${graph.path} cannot be loaded by onnxruntime (${detail})`,
        { file: graph.path, model: init.model, graph: graph.name },
      );
    }
    provider = result.provider;
    fallbackReason ??= result.fallbackReason;
    const info: GraphInfo = {
      name: graph.name,
      inputs: valueInfos(result.session.inputMetadata),
      outputs: valueInfos(result.session.outputMetadata),
    };
    graphs.set(graph.name, { session: result.session, info });
  }
  const message: FromWorker = {
    kind: 'loaded',
    graphs: [...graphs.values()].map((g) => g.info),
    provider,
    ...(fallbackReason !== undefined ? { fallbackReason } : {}),
  };
  return { graphs, message };
}

/** Copies an output into a buffer this thread owns outright, so it can be transferred. */
function ownedCopy(data: ort.Tensor['data']): TensorArray {
  if (data instanceof Float32Array || data instanceof BigInt64Array || data instanceof Int32Array || data instanceof Uint8Array) {
    return data.slice();
  }
  throw new Error(`unsupported output element type ${Object.prototype.toString.call(data)}`);
}

/**
 * Runs a chain of graphs on one batch: the first graph gets the feeds as given; each later graph
 * reads its inputs by name from the outputs before it, then from the feeds. Intermediate outputs
 * stay in this thread; the last graph's outputs are copied into buffers that can be transferred.
 */
async function runGraphs(chain: readonly LoadedGraph[], feeds: TensorMap): Promise<{ outputs: TensorMap; transfer: ArrayBuffer[] }> {
  const available: Record<string, ort.Tensor> = {};
  for (const [name, tensor] of Object.entries(feeds)) available[name] = new ort.Tensor(tensor.type, tensor.data, [...tensor.dims]);
  let results: ort.InferenceSession.ReturnType = {};
  for (const [index, graph] of chain.entries()) {
    let inputs = available;
    if (index > 0) {
      inputs = {};
      for (const name of graph.session.inputNames) {
        const tensor = available[name];
        if (tensor === undefined) throw new Error(`${graph.info.name} needs an input ${name} that neither the feeds nor the graphs before it provide`);
        inputs[name] = tensor;
      }
    }
    results = await graph.session.run(inputs);
    Object.assign(available, results);
  }
  const outputs: TensorMap = {};
  const transfer: ArrayBuffer[] = [];
  for (const [name, value] of Object.entries(results)) {
    const data = ownedCopy(value.data);
    outputs[name] = { type: value.type as TensorType, dims: [...value.dims], data };
    transfer.push(data.buffer as ArrayBuffer);
  }
  return { outputs, transfer };
}

function failure(error: unknown, init: WorkerInit, graph: string): RuntimeErrorData {
  const detail = error instanceof Error ? error.message : String(error);
  return toRuntimeErrorData(
    runtimeError('INFERENCE_FAILED', `model ${init.model}: running ${graph} failed: ${detail}`, { model: init.model, graph }),
  );
}

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('session-worker must run in a worker thread');
  const init = workerData as WorkerInit;
  // A CUDA attempt that fails logs a native error before we can fall back; the fallback line the
  // pool prints says the same thing once and readably.
  ort.env.logLevel = init.executionProvider === 'cuda' ? 'fatal' : 'error';
  let graphs: Map<string, LoadedGraph>;
  try {
    const loaded = await loadGraphs(init);
    graphs = loaded.graphs;
    port.postMessage(loaded.message);
  } catch (error) {
    const data = toRuntimeErrorData(
      isRuntimeError(error) ? error : runtimeError('MODEL_FILE_CORRUPT', String(error), { model: init.model }),
    );
    port.postMessage({ kind: 'load-failed', error: data } satisfies FromWorker);
    return;
  }
  let active = 0;
  let shuttingDown = false;
  const exitWhenIdle = (): void => {
    if (!shuttingDown || active > 0) return;
    void Promise.allSettled([...graphs.values()].map((g) => g.session.release())).then(() => port.close());
  };
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'crash') process.exit(70);
    if (message.kind === 'shutdown') {
      shuttingDown = true;
      exitWhenIdle();
      return;
    }
    if (shuttingDown) return;
    const chain = message.graphs.map((name) => graphs.get(name));
    const missing = message.graphs.find((_, i) => chain[i] === undefined);
    if (missing !== undefined || chain.length === 0) {
      const name = missing ?? '(none)';
      const error = runtimeError('INFERENCE_FAILED', `model ${init.model} has no graph ${name}`, { model: init.model, graph: name });
      port.postMessage({ kind: 'failed', id: message.id, error: toRuntimeErrorData(error) } satisfies FromWorker);
      return;
    }
    active++;
    runGraphs(chain as LoadedGraph[], message.feeds)
      .then(
        ({ outputs, transfer }) => port.postMessage({ kind: 'result', id: message.id, outputs } satisfies FromWorker, transfer),
        (error: unknown) => port.postMessage({ kind: 'failed', id: message.id, error: failure(error, init, message.graphs.join(' → ')) } satisfies FromWorker),
      )
      .finally(() => {
        active--;
        exitWhenIdle();
      });
  });
}

void main();
