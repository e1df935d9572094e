/**
 * Converts ONNX `TensorProto`s (initializers, `Constant` values) to and from plain typed arrays.
 * Float data is read from `raw_data` (little-endian) or `float_data`; integer data (axes, shapes)
 * from `raw_data`, `int64_data` or `int32_data`. Written weights always use float32 `raw_data`.
 */
import { onnx } from 'onnx-proto';
import { distillError } from './distill-error';
import { elementCount, type FloatTensor } from './float-tensor';

/** A constant of the head graph: float values, or integer values (int64 narrowed to int32). */
export interface HeadConstant {
  readonly dims: readonly number[];
  readonly data: Float32Array | Int32Array;
}

type IntLike = number | { toNumber(): number } | null | undefined;

/** A protobuf int64 (number or Long) as a JS number. */
export function toInt(value: IntLike): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

function rawView(raw: Uint8Array): DataView {
  return new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
}

/**
 * Decodes a tensor proto into a {@link HeadConstant}.
 * @throws DistillError HEAD_UNSUPPORTED for external data or an element type other than float32,
 *   int32 or int64; HEAD_INVALID when the data length disagrees with the dims.
 */
export function decodeTensorProto(tensor: onnx.ITensorProto, what: string): HeadConstant {
  const dims = (tensor.dims ?? []).map((d) => toInt(d));
  const n = elementCount(dims);
  if ((tensor.externalData ?? []).length > 0 || tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    throw distillError('HEAD_UNSUPPORTED', `${what} stores its data externally; only embedded tensors are supported`, { tensor: what });
  }
  const raw = tensor.rawData && tensor.rawData.length > 0 ? tensor.rawData : undefined;
  const type = tensor.dataType ?? 0;
  let data: Float32Array | Int32Array;
  if (type === onnx.TensorProto.DataType.FLOAT) {
    if (raw !== undefined) {
      if (raw.length !== n * 4) throw distillError('HEAD_INVALID', `${what} holds ${raw.length} bytes of float32 data for ${n} elements`, { tensor: what });
      const view = rawView(raw);
      data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = view.getFloat32(i * 4, true);
    } else {
      data = Float32Array.from(tensor.floatData ?? []);
    }
  } else if (type === onnx.TensorProto.DataType.INT64 || type === onnx.TensorProto.DataType.INT32) {
    const wide = type === onnx.TensorProto.DataType.INT64;
    if (raw !== undefined) {
      const size = wide ? 8 : 4;
      if (raw.length !== n * size) throw distillError('HEAD_INVALID', `${what} holds ${raw.length} bytes of integer data for ${n} elements`, { tensor: what });
      const view = rawView(raw);
      const values: number[] = [];
      for (let i = 0; i < n; i++) values.push(wide ? Number(view.getBigInt64(i * 8, true)) : view.getInt32(i * 4, true));
      data = narrow(values, what);
    } else {
      data = narrow((wide ? (tensor.int64Data ?? []) : (tensor.int32Data ?? [])).map((v) => toInt(v)), what);
    }
  } else {
    const typeName = onnx.TensorProto.DataType[type] ?? String(type);
    throw distillError('HEAD_UNSUPPORTED', `${what} has element type ${typeName}; only FLOAT, INT32 and INT64 are supported`, { tensor: what, dataType: typeName });
  }
  if (data.length !== n) throw distillError('HEAD_INVALID', `${what} holds ${data.length} values for dims [${dims.join(', ')}]`, { tensor: what });
  return { dims, data };
}

function narrow(values: readonly number[], what: string): Int32Array {
  for (const v of values) {
    if (v > 2147483647 || v < -2147483648) throw distillError('HEAD_UNSUPPORTED', `${what} holds an integer outside the int32 range (${v})`, { tensor: what });
  }
  return Int32Array.from(values);
}

/** Float32 values as little-endian `raw_data` bytes. */
export function floatRawData(data: Float32Array): Uint8Array {
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  return bytes;
}

/** A float {@link HeadConstant} as a {@link FloatTensor} (the weights of a head). */
export function asFloatTensor(constant: HeadConstant): FloatTensor | undefined {
  return constant.data instanceof Float32Array ? { dims: constant.dims, data: constant.data } : undefined;
}
