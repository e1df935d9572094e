import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHead } from '@vprog/distill';
import { internal } from '@vprog/grpc-kit';
import type { HeadFeeds, HeadTensor, TensorMap } from '@vprog/models';
import type { LoadedGraphs, ModelLoader } from '../host/model-loader';
import { EXPORT_TOLERANCE } from './distill-options';

/** A trained head loaded on its own into onnxruntime workers (through the service's loader). */
export interface CandidateHead {
  /** Runs the head on one example's head feeds. */
  run(feeds: Readonly<Record<string, HeadTensor>>): Promise<TensorMap>;
  close(): Promise<void>;
}

/**
 * Loads head bytes the way a served version's head is loaded (the injected loader, so the same
 * runtime and provider), from a temp file that is removed once the workers have read it.
 * @throws whatever the loader throws (e.g. a head onnxruntime cannot parse).
 */
export async function loadCandidateHead(loader: ModelLoader, name: string, head: Uint8Array): Promise<CandidateHead> {
  const dir = await mkdtemp(join(tmpdir(), 'vprog-distill-head-'));
  let loaded: LoadedGraphs;
  try {
    const path = join(dir, 'head.onnx');
    await writeFile(path, head);
    loaded = await loader({ name, graphs: { head: { path } } });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return {
    run: (feeds) => loaded.run('head', toTensorMap(feeds)),
    close: () => loaded.close({ drain: true }),
  };
}

/**
 * The export check of a candidate: onnxruntime's output of the head on some examples' features
 * must equal the trainer's own forward pass (tfjs) within {@link EXPORT_TOLERANCE}, so what is
 * served is what was trained.
 * @returns the largest difference seen.
 * @throws VprogError INTERNAL / EXPORT_MISMATCH when an output differs in shape or by more.
 */
export async function checkExport(head: Uint8Array, loaded: CandidateHead, samples: readonly HeadFeeds[], output: string, tolerance = EXPORT_TOLERANCE): Promise<number> {
  let worst = 0;
  for (const [i, sample] of samples.entries()) {
    const [ort, tf] = await Promise.all([loaded.run(sample.feeds), runHead(head, sample.feeds)]);
    const got = ort[output];
    const want = tf[output];
    const shapeOk = got !== undefined && want !== undefined && got.dims.join(',') === want.dims.join(',');
    let diff = Number.POSITIVE_INFINITY;
    if (shapeOk) {
      diff = 0;
      const data = got.data as Float32Array;
      for (let k = 0; k < want.data.length; k++) diff = Math.max(diff, Math.abs(data[k] - want.data[k]));
    }
    if (!(diff <= tolerance)) {
      const how = shapeOk ? `differs by ${diff.toPrecision(3)} (tolerance ${tolerance})` : `has shape [${got?.dims ?? '-'}], the trainer's [${want?.dims ?? '-'}]`;
      throw internal(`the exported head does not compute what was trained: output ${output} of sample ${i} ${how}`, {
        reason: 'EXPORT_MISMATCH',
        metadata: { output, sample: String(i), maxAbsDiff: String(diff) },
      });
    }
    worst = Math.max(worst, diff);
  }
  return worst;
}

function toTensorMap(feeds: Readonly<Record<string, HeadTensor>>): TensorMap {
  const out: TensorMap = {};
  for (const [name, t] of Object.entries(feeds)) out[name] = { type: 'float32', dims: t.dims, data: t.data };
  return out;
}
