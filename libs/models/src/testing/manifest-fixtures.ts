/**
 * Small, valid manifests for unit tests of the predictors and the manifest loader. Shapes and
 * names follow the zoo's real manifests; numbers are tiny so tests can reason about them.
 */
import type { Manifest } from '../manifest/manifest-schema';

const SHAPES = ['circle', 'square', 'triangle', 'star', 'hexagon', 'diamond'];
const COLOURS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple', 'white', 'black'];

/** The tokenizer vocabulary the fixtures use. */
export const FIXTURE_VOCAB = ['<pad>', '<unk>', 'blue', 'circle', 'colour', 'is', 'large', 'many', 'object', 'red', 'small', 'the', 'what', 'how'];

/** The answer vocabulary of the VQA fixtures (the student's labels). */
export const FIXTURE_ANSWERS = ['0', '1', 'blue', 'circle', 'large', 'no', 'red', 'small', 'yes'];

const DETECTOR_PREPROCESS = { kind: 'letterbox' as const, size: 128, scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] };
const GRID = { kind: 'grid' as const, stride: 8, grid: 16, boxScale: 16, nmsIou: 0.5 };

function base(name: string, module: Manifest['module'], role: Manifest['role']) {
  return { name, module, role, version: 'v1', parent: null, createdAt: '2024-01-01T00:00:00Z', description: 'fixture', golden: [] };
}

function split(backboneInputs: Array<[string, string]>, features: string[], head: string) {
  const info = (name: string, dtype = 'float32') => ({ name, dtype, shape: ['N'] });
  return {
    files: { backbone: { path: 'backbone.onnx' }, head: { path: 'head.onnx' } },
    graph: {
      backbone: { inputs: backboneInputs.map(([n, d]) => info(n, d)), outputs: features.map((f) => info(f)) },
      head: { inputs: features.map((f) => info(f)), outputs: [info(head)] },
    },
  };
}

function single(inputs: Array<[string, string]>, output: string) {
  return {
    files: { model: { path: 'model.onnx' } },
    graph: { model: { inputs: inputs.map(([name, dtype]) => ({ name, dtype, shape: ['N'] })), outputs: [{ name: output, dtype: 'float32', shape: ['N'] }] } },
  };
}

/** The open-vocabulary LOC student. */
export function locStudentManifest(): Manifest {
  return {
    ...base('loc-student', 'loc', 'student'),
    ...split([['image', 'float32'], ['phrase', 'int64']], ['features'], 'grid'),
    preprocess: DETECTOR_PREPROCESS,
    tokenizer: { kind: 'words', vocab: FIXTURE_VOCAB, maxTokens: 4 },
    labels: null,
    decode: GRID,
  };
}

/** The closed-set LOC teacher: 5 box channels, 6 shape logits at 5, 8 colour logits at 11. */
export function locTeacherManifest(): Manifest {
  return {
    ...base('loc-teacher', 'loc', 'teacher'),
    ...single([['image', 'float32']], 'grid'),
    preprocess: DETECTOR_PREPROCESS,
    tokenizer: null,
    labels: [...SHAPES, ...COLOURS],
    decode: { ...GRID, classes: { shape: { offset: 5, labels: SHAPES }, colour: { offset: 11, labels: COLOURS } } },
  };
}

/** The FACEDET student. */
export function facedetStudentManifest(): Manifest {
  return {
    ...base('facedet-student', 'facedet', 'student'),
    ...split([['image', 'float32']], ['features'], 'grid'),
    preprocess: DETECTOR_PREPROCESS,
    tokenizer: null,
    labels: ['face'],
    decode: GRID,
  };
}

/** The CLIP-like CLASSIFY student (32×32 crops, K category texts). */
export function classifyStudentManifest(): Manifest {
  return {
    ...base('classify-student', 'classify', 'student'),
    ...split([['image', 'float32'], ['text', 'int64']], ['image_features', 'text_features'], 'logits'),
    preprocess: { kind: 'crop-resize', size: 32, scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1], pad: 0.1, padMinPx: 2 },
    tokenizer: { kind: 'words', vocab: FIXTURE_VOCAB, maxTokens: 4 },
    labels: null,
    decode: { kind: 'softmax' },
  };
}

/** The expression CLASSIFY teacher. */
export function classifyTeacherManifest(): Manifest {
  return {
    ...base('classify-teacher', 'classify', 'teacher'),
    ...single([['image', 'float32']], 'logits'),
    preprocess: { kind: 'crop-resize', size: 32, scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1], pad: 0.1, padMinPx: 2 },
    tokenizer: null,
    labels: ['smiling', 'frowning', 'surprised'],
    decode: { kind: 'softmax' },
  };
}

/** A VQA model over `labels` (the student: every answer; the teacher: a closed subset). */
export function vqaManifest(role: Manifest['role'], labels: string[]): Manifest {
  const graphs = role === 'student' ? split([['image', 'float32'], ['question', 'int64']], ['features'], 'logits') : single([['image', 'float32'], ['question', 'int64']], 'logits');
  return {
    ...base(`vqa-${role}`, 'vqa', role),
    ...graphs,
    preprocess: { kind: 'resize', size: 8, scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] },
    tokenizer: { kind: 'words', vocab: FIXTURE_VOCAB, maxTokens: 6 },
    labels,
    decode: { kind: 'softmax' },
  };
}
