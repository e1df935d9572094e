import { goldenFeeds, graphInputs, type GoldenCase, type GraphRunner, type HeadTensor, type Manifest } from '@vprog/models';
import { decodePng } from '@vprog/world';
import { readGoldenImage } from '../host/golden-check';
import type { CandidateHead } from './candidate-head';

/**
 * The golden cases of a candidate: the parent's inputs, with outputs recomputed through the
 * parent's backbone (in the service's workers) and the candidate head (in onnxruntime). The
 * candidate then passes the same golden check as any version before it takes traffic, and a
 * later change of runtime or preprocessing that breaks it is caught like for any other version.
 * @throws VprogError FAILED_PRECONDITION / GOLDEN_MISSING when an input image is gone; whatever
 *   the runner or the head throws.
 */
export async function recomputeGoldens(manifest: Manifest, parentRunner: GraphRunner, head: CandidateHead, imageDirs: readonly string[]): Promise<GoldenCase[]> {
  const label = `${manifest.module}/${manifest.role}@${manifest.version}`;
  const inputs = graphInputs(manifest, 'head');
  const cases: GoldenCase[] = [];
  for (const golden of manifest.golden) {
    const image = decodePng(await readGoldenImage(label, golden.inputs.image, imageDirs));
    const feeds = goldenFeeds(manifest, golden, image);
    const features = await parentRunner('backbone', feeds);
    const headFeeds: Record<string, HeadTensor> = {};
    for (const name of inputs) {
      const tensor = features[name] ?? feeds[name];
      headFeeds[name] = { dims: tensor.dims, data: tensor.data as Float32Array };
    }
    const outputs = await head.run(headFeeds);
    const recomputed: GoldenCase['outputs'] = {};
    for (const name of Object.keys(golden.outputs)) {
      const out = outputs[name];
      recomputed[name] = { shape: [...out.dims], data: Array.from(out.data as Float32Array) };
    }
    cases.push({ inputs: golden.inputs, outputs: recomputed });
  }
  return cases;
}
