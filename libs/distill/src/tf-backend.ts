/**
 * Chooses the TensorFlow.js backend once per thread: the WebAssembly backend, whose `.wasm` files
 * ship inside the `@tensorflow/tfjs-backend-wasm` package (no download, no native build), with the
 * pure-JS cpu backend as a logged fallback. Both are deterministic on one machine, which the
 * trainer's same-seed-same-bytes promise relies on.
 */
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** The backend the trainer runs on. */
export type TfBackendName = 'wasm' | 'cpu';

let ready: Promise<TfBackendName> | undefined;

async function initialise(log: (line: string) => void): Promise<TfBackendName> {
  try {
    const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    setWasmPaths(`${dist}/`);
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      return 'wasm';
    }
    log('[distill] the tfjs wasm backend did not initialise; falling back to the cpu backend (slower)');
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    log(`[distill] the tfjs wasm backend could not be loaded (${detail}); falling back to the cpu backend (slower)`);
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}

/**
 * Initialises the tfjs backend of this thread (once; later calls share the first result) and says
 * which one runs. Never throws for a missing wasm backend: it falls back to cpu and writes one line
 * through `log` (default `console.warn`).
 */
export function ensureTfBackend(log: (line: string) => void = (line) => console.warn(line)): Promise<TfBackendName> {
  ready ??= initialise(log);
  return ready;
}
