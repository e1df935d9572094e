/**
 * A node of a head graph in plain form: attributes decoded once from the ONNX proto (ints as
 * numbers, strings as text, tensors as {@link HeadConstant}s) so the interpreter never touches
 * protobuf types.
 */
import { onnx } from 'onnx-proto';
import { distillError } from './distill-error';
import { decodeTensorProto, toInt, type HeadConstant } from './tensor-proto';

/** A decoded attribute value. */
export type HeadAttribute = number | readonly number[] | string | HeadConstant;

/** One node of the head graph. */
export interface HeadNode {
  readonly name: string;
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, HeadAttribute>>;
}

/**
 * Decodes one node's attributes.
 * @throws DistillError HEAD_UNSUPPORTED for graph, sparse or type-proto attributes.
 */
export function decodeNode(node: onnx.INodeProto, index: number): HeadNode {
  const name = node.name || `#${index}`;
  const opType = node.opType ?? '';
  const attributes: Record<string, HeadAttribute> = {};
  const T = onnx.AttributeProto.AttributeType;
  for (const a of node.attribute ?? []) {
    const key = a.name ?? '';
    const what = `attribute ${key} of node ${name} (${opType})`;
    switch (a.type) {
      case T.FLOAT:
        attributes[key] = a.f ?? 0;
        break;
      case T.INT:
        attributes[key] = toInt(a.i);
        break;
      case T.STRING:
        attributes[key] = new TextDecoder().decode(a.s ?? new Uint8Array());
        break;
      case T.TENSOR:
        attributes[key] = decodeTensorProto(a.t ?? {}, what);
        break;
      case T.FLOATS:
        attributes[key] = [...(a.floats ?? [])];
        break;
      case T.INTS:
        attributes[key] = (a.ints ?? []).map((v) => toInt(v));
        break;
      default:
        throw distillError('HEAD_UNSUPPORTED', `${what} has type ${T[a.type ?? 0] ?? a.type}, which the head trainer does not support`, {
          node: name,
          op: opType,
        });
    }
  }
  return { name, opType, inputs: [...(node.input ?? [])], outputs: [...(node.output ?? [])], attributes };
}

/** A numeric attribute, or `fallback` when absent. */
export function numberAttr(node: HeadNode, key: string, fallback: number): number {
  const v = node.attributes[key];
  return typeof v === 'number' ? v : fallback;
}

/** A list-of-numbers attribute, or `undefined` when absent. */
export function numbersAttr(node: HeadNode, key: string): readonly number[] | undefined {
  const v = node.attributes[key];
  return Array.isArray(v) ? (v as readonly number[]) : undefined;
}

/**
 * The value of a `Constant` node as a {@link HeadConstant} (`value`, `value_float(s)`, `value_int(s)`).
 * @throws DistillError HEAD_UNSUPPORTED for string or sparse constants.
 */
export function constantValue(node: HeadNode): HeadConstant {
  const a = node.attributes;
  if (a.value !== undefined && typeof a.value === 'object' && !Array.isArray(a.value)) return a.value as HeadConstant;
  if (typeof a.value_float === 'number') return { dims: [], data: Float32Array.of(a.value_float) };
  if (Array.isArray(a.value_floats)) return { dims: [a.value_floats.length], data: Float32Array.from(a.value_floats as number[]) };
  if (typeof a.value_int === 'number') return { dims: [], data: Int32Array.of(a.value_int) };
  if (Array.isArray(a.value_ints)) return { dims: [a.value_ints.length], data: Int32Array.from(a.value_ints as number[]) };
  throw distillError('HEAD_UNSUPPORTED', `Constant node ${node.name} has a value kind the head trainer does not support`, { node: node.name, op: 'Constant' });
}
