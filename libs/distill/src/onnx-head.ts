/**
 * Reads and writes `head.onnx` through `onnx-proto`. Reading decodes the graph once into plain data
 * (nodes, float weights, folded constants) and refuses, before any training, a head the interpreter
 * cannot run. Writing keeps the graph, names and metadata byte-for-byte and replaces only the
 * initializers' data, so a trained candidate is a drop-in replacement for its parent.
 */
import { onnx } from 'onnx-proto';
import { distillError, isDistillError } from './distill-error';
import type { FloatTensor } from './float-tensor';
import { constantValue, decodeNode, type HeadNode } from './head-node';
import { isSupportedOp } from './onnx-ops';
import { decodeTensorProto, floatRawData, toInt, type HeadConstant } from './tensor-proto';

/** A parsed head.onnx. */
export interface HeadModel {
  /** Graph inputs that are fed at run time (initializers listed as inputs are left out). */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** The float32 initializers: what training can change. */
  readonly weights: Readonly<Record<string, FloatTensor>>;
  /** Integer initializers and the values of `Constant` nodes, by the value name they define. */
  readonly constants: Readonly<Record<string, HeadConstant>>;
  /** The nodes in graph (topological) order. */
  readonly nodes: readonly HeadNode[];
  /** The default-domain opset version. */
  readonly opset: number;
  /** The decoded model; {@link writeHeadModel} re-encodes a copy of it. */
  readonly proto: onnx.ModelProto;
}

function decodeModel(bytes: Uint8Array): onnx.ModelProto {
  try {
    return onnx.ModelProto.decode(bytes);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw distillError('HEAD_INVALID', `head is not a decodable ONNX model (${detail})`);
  }
}

/**
 * Parses and checks a head.
 * @throws DistillError HEAD_INVALID when the bytes are not an ONNX model or the graph is malformed
 *   (no graph, no output, a value used before it is defined); HEAD_UNSUPPORTED naming the first op,
 *   opset domain, attribute or initializer type the interpreter does not implement.
 */
export function readHeadModel(bytes: Uint8Array): HeadModel {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw distillError('HEAD_INVALID', 'head bytes are empty');
  const proto = decodeModel(bytes);
  const graph = proto.graph;
  if (graph === null || graph === undefined || (graph.node ?? []).length === 0 || (graph.output ?? []).length === 0) {
    throw distillError('HEAD_INVALID', 'head has no graph, no nodes or no outputs');
  }
  let opset = 0;
  for (const o of proto.opsetImport ?? []) {
    if (o.domain === '' || o.domain === 'ai.onnx' || o.domain === undefined || o.domain === null) opset = toInt(o.version);
  }
  if (opset === 0) throw distillError('HEAD_INVALID', 'head imports no default-domain opset');

  const weights: Record<string, FloatTensor> = {};
  const constants: Record<string, HeadConstant> = {};
  for (const init of graph.initializer ?? []) {
    const name = init.name ?? '';
    const value = decodeTensorProto(init, `initializer ${name}`);
    if (value.data instanceof Float32Array) weights[name] = { dims: value.dims, data: value.data };
    else constants[name] = value;
  }
  const isInitializer = (name: string): boolean => name in weights || name in constants;
  const inputs = (graph.input ?? []).map((i) => i.name ?? '').filter((name) => !isInitializer(name));
  const defined = new Set<string>([...inputs, ...Object.keys(weights), ...Object.keys(constants)]);

  const nodes = (graph.node ?? []).map((n, index) => {
    const domain = n.domain ?? '';
    const opType = n.opType ?? '';
    if (domain !== '' && domain !== 'ai.onnx') {
      throw distillError('HEAD_UNSUPPORTED', `head uses op ${domain}.${opType}, outside the default ONNX domain`, { op: opType, domain });
    }
    if (!isSupportedOp(opType)) {
      throw distillError('HEAD_UNSUPPORTED', `head uses op ${opType}, which the head trainer does not support`, { op: opType, node: n.name ?? `#${index}` });
    }
    const node = decodeNode(n, index);
    for (const input of node.inputs) {
      if (input !== '' && !defined.has(input)) {
        throw distillError('HEAD_INVALID', `node ${node.name} (${opType}) reads ${input} before it is defined`, { node: node.name });
      }
    }
    if (opType === 'Constant') constants[node.outputs[0]] = constantValue(node);
    for (const output of node.outputs) if (output !== '') defined.add(output);
    return node;
  });
  const outputs = (graph.output ?? []).map((o) => o.name ?? '');
  for (const output of outputs) {
    if (!defined.has(output)) throw distillError('HEAD_INVALID', `head output ${output} is never computed`, { output });
  }
  return { inputs, outputs, weights, constants, nodes, opset, proto };
}

/**
 * Encodes `model` with its float initializers replaced by `weights` (float32 `raw_data`); every
 * other part of the model (nodes, names, opsets, metadata) is kept. Initializers not named in
 * `weights` keep their values.
 * @throws DistillError WEIGHTS_MISMATCH when a weight is not an initializer of the head or its dims
 *   or length differ from the initializer's.
 */
export function writeHeadModel(model: HeadModel, weights: Readonly<Record<string, FloatTensor>>): Uint8Array {
  for (const [name, w] of Object.entries(weights)) {
    const original = model.weights[name];
    if (original === undefined) throw distillError('WEIGHTS_MISMATCH', `${name} is not a float initializer of the head`, { weight: name });
    const sameDims = original.dims.length === w.dims.length && original.dims.every((d, i) => d === w.dims[i]);
    if (!sameDims || w.data.length !== original.data.length) {
      throw distillError('WEIGHTS_MISMATCH', `${name} has dims [${w.dims.join(', ')}], the head expects [${original.dims.join(', ')}]`, { weight: name });
    }
  }
  try {
    const copy = onnx.ModelProto.decode(onnx.ModelProto.encode(model.proto).finish());
    for (const init of copy.graph?.initializer ?? []) {
      const w = weights[init.name ?? ''];
      if (w === undefined) continue;
      init.dataType = onnx.TensorProto.DataType.FLOAT;
      init.floatData = [];
      init.rawData = floatRawData(w.data);
    }
    return new Uint8Array(onnx.ModelProto.encode(copy).finish());
  } catch (error) {
    if (isDistillError(error)) throw error;
    throw distillError('HEAD_INVALID', `head could not be re-encoded (${error instanceof Error ? error.message : String(error)})`);
  }
}
