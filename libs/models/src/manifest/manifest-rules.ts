import type { Manifest } from './manifest-schema';

/**
 * The contract's cross-field rules, which a per-field schema cannot say: which graphs a role has,
 * which decoding a module uses, and what text or label space each module needs. Returns a list of
 * human-readable problems (empty when the manifest is consistent).
 */
export function manifestProblems(manifest: Manifest): string[] {
  const problems: string[] = [];
  const graphs = Object.keys(manifest.files).sort().join(',');
  const split = graphs === 'backbone,head';
  if (!split && graphs !== 'model') problems.push(`files must be {backbone, head} or {model}, got {${graphs}}`);
  if (manifest.role === 'student' && !split) problems.push('a student must be head-split: files {backbone, head}');
  if (Object.keys(manifest.graph).sort().join(',') !== graphs) problems.push('graph must describe exactly the files');
  const detector = manifest.module === 'loc' || manifest.module === 'facedet';
  if (detector && manifest.decode.kind !== 'grid') problems.push(`${manifest.module} needs decode.kind "grid"`);
  if (!detector && manifest.decode.kind !== 'softmax') problems.push(`${manifest.module} needs decode.kind "softmax"`);
  if (detector && manifest.preprocess.kind !== 'letterbox') problems.push(`${manifest.module} needs preprocess.kind "letterbox"`);
  if (manifest.module === 'classify' && manifest.preprocess.kind !== 'crop-resize') problems.push('classify needs preprocess.kind "crop-resize"');
  if (manifest.module === 'vqa' && manifest.preprocess.kind !== 'resize') problems.push('vqa needs preprocess.kind "resize"');
  const needsText = manifest.module === 'vqa' || (manifest.role === 'student' && (manifest.module === 'loc' || manifest.module === 'classify'));
  if (needsText && manifest.tokenizer === null) problems.push(`a ${manifest.module} ${manifest.role} needs a tokenizer`);
  if (manifest.tokenizer !== null && (manifest.tokenizer.vocab[0] !== '<pad>' || manifest.tokenizer.vocab[1] !== '<unk>')) {
    problems.push('tokenizer.vocab must start with "<pad>", "<unk>"');
  }
  const needsLabels = manifest.module === 'vqa' || (manifest.role === 'teacher' && manifest.module === 'classify');
  if (needsLabels && (manifest.labels === null || manifest.labels.length === 0)) problems.push(`a ${manifest.module} ${manifest.role} needs labels`);
  if (manifest.module === 'loc' && manifest.role === 'teacher' && manifest.decode.kind === 'grid' && manifest.decode.classes === undefined) {
    problems.push('the loc teacher needs decode.classes (shape/colour logit offsets and labels)');
  }
  return problems;
}

/** Input names of a graph, in the order the manifest lists them. */
export function graphInputs(manifest: Manifest, graph: string): string[] {
  return (manifest.graph[graph]?.inputs ?? []).map((v) => v.name);
}

/** Output names of a graph, in the order the manifest lists them. */
export function graphOutputs(manifest: Manifest, graph: string): string[] {
  return (manifest.graph[graph]?.outputs ?? []).map((v) => v.name);
}

/** True for head-split models (backbone + head), the form students always take. */
export function isHeadSplit(manifest: Manifest): boolean {
  return 'backbone' in manifest.files && 'head' in manifest.files;
}
