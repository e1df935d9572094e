import { onnx } from 'onnx-proto';
import { isDistillError } from './distill-error';
import type { FloatTensor } from './float-tensor';
import { readHeadModel, writeHeadModel } from './onnx-head';
import { createSeededRandom } from './seeded-random';
import { loadHead, maxAbsDiff, mlpHead, randomTensor } from './testing/head-fixtures';
import { runHead } from './tf-graph';

function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** A one-node model built with onnx-proto, for the error cases. */
function oneNodeModel(opType: string): Uint8Array {
  const floatInput = (name: string, dims: number[]) => ({
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'g',
      node: [{ opType, input: ['x', 'w'], output: ['y'], name: 'n0' }],
      input: [floatInput('x', [1, 1, 4, 4])],
      output: [floatInput('y', [1, 1, 3, 3])],
      initializer: [{ name: 'w', dims: [1, 1, 2, 2], dataType: onnx.TensorProto.DataType.FLOAT, floatData: [1, 2, 3, 4] }],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

describe('readHeadModel and writeHeadModel', () => {
  it('reads the inputs, outputs and float weights of the committed classify head', () => {
    const model = readHeadModel(loadHead('classify'));
    expect(model.inputs).toEqual(['image_features', 'text_features']);
    expect(model.outputs).toEqual(['logits']);
    expect(Object.keys(model.weights).sort()).toEqual(['mlp.layers.0.bias', 'mlp.layers.0.weight', 'mlp.layers.2.bias', 'mlp.layers.2.weight']);
    expect(model.weights['mlp.layers.0.weight'].dims).toEqual([128, 256]);
    expect(model.opset).toBe(13);
    // The Constant nodes (axes, clip minimum, logit scale) are folded into constants.
    expect(Object.keys(model.constants)).toHaveLength(4);
  });

  it('round-trips unchanged weights: same node list, same outputs', async () => {
    for (const module of ['vqa', 'classify', 'loc'] as const) {
      const head = loadHead(module);
      const model = readHeadModel(head);
      const written = writeHeadModel(model, model.weights);
      const before = onnx.ModelProto.decode(head);
      const after = onnx.ModelProto.decode(written);
      expect(onnx.GraphProto.toObject(after.graph as onnx.GraphProto).node).toEqual(onnx.GraphProto.toObject(before.graph as onnx.GraphProto).node);
      expect(after.graph?.initializer?.map((i) => i.name)).toEqual(before.graph?.initializer?.map((i) => i.name));
      const reread = readHeadModel(written);
      for (const [name, w] of Object.entries(model.weights)) expect(reread.weights[name].data).toEqual(w.data);

      const random = createSeededRandom(3);
      const feeds: Record<string, FloatTensor> =
        module === 'vqa'
          ? { cells: randomTensor(random, [2, 256, 97]), question_code: randomTensor(random, [2, 1, 128]) }
          : module === 'classify'
            ? { image_features: randomTensor(random, [3, 256]), text_features: randomTensor(random, [5, 64]) }
            : { features: randomTensor(random, [1, 256, 96]), phrase_code: randomTensor(random, [1, 1, 64]) };
      const [a, b] = await Promise.all([runHead(head, feeds), runHead(written, feeds)]);
      const output = model.outputs[0];
      expect(maxAbsDiff(a[output].data, b[output].data)).toBe(0);
    }
  });

  it('writes new weights into the initializers and nowhere else', () => {
    const model = readHeadModel(mlpHead());
    const bias = model.weights['mlp.layers.2.bias'];
    const changed = { dims: bias.dims, data: bias.data.map((v) => v + 1) };
    const reread = readHeadModel(writeHeadModel(model, { 'mlp.layers.2.bias': changed }));
    expect(reread.weights['mlp.layers.2.bias'].data).toEqual(changed.data);
    expect(reread.weights['mlp.layers.0.weight'].data).toEqual(model.weights['mlp.layers.0.weight'].data);
  });

  it('refuses weights that are not initializers of the head or have other dims', () => {
    const model = readHeadModel(mlpHead());
    expect(errorOf(() => writeHeadModel(model, { nope: { dims: [1], data: new Float32Array(1) } }))).toMatchObject({ reason: 'WEIGHTS_MISMATCH' });
    expect(errorOf(() => writeHeadModel(model, { 'mlp.layers.2.bias': { dims: [37], data: new Float32Array(37) } }))).toMatchObject({
      reason: 'WEIGHTS_MISMATCH',
      code: 'INVALID_ARGUMENT',
    });
  });

  it('rejects garbage bytes as HEAD_INVALID', () => {
    const error = errorOf(() => readHeadModel(Uint8Array.from([0xff, 0xff, 0xff, 0x0f, 0x01, 0x02])));
    expect(isDistillError(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'HEAD_INVALID', code: 'INVALID_ARGUMENT' });
    expect(errorOf(() => readHeadModel(new Uint8Array()))).toMatchObject({ reason: 'HEAD_INVALID' });
  });

  it('rejects a graph with an op outside the table as HEAD_UNSUPPORTED naming the op', () => {
    const error = errorOf(() => readHeadModel(oneNodeModel('MaxPool')));
    expect(isDistillError(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'HEAD_UNSUPPORTED', code: 'FAILED_PRECONDITION', metadata: { op: 'MaxPool' } });
    expect((error as Error).message).toContain('MaxPool');
    // The same graph with a supported op is accepted, so the rejection is about the op.
    expect(readHeadModel(oneNodeModel('Add')).nodes[0].opType).toBe('Add');
  });
});
