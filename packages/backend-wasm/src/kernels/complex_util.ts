import { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type DataType, type TensorInfo, util } from '@tensorflow/tfjs-core';

type HeapData = { memoryOffset: number; shape: number[]; dtype: DataType };
type Patchable = {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): HeapData | undefined };
  readSync(dataId: object, start?: number, end?: number): unknown;
  typedArrayFromHeap(info: TensorInfo): unknown;
};

const PATCHED = Symbol.for('@layerwise/backend-wasm/complex64');

/**
 * Lets the wasm backend read complex64 tensors. Their heap memory (8 bytes per
 * element, allocated by the backend itself) holds interleaved `re, im` float32
 * pairs, the layout tfjs's `dataSync()` returns for complex64; tfjs-backend-wasm
 * only lacks the two readers, which throw "Unknown dtype complex64". Patched on
 * the class once; every other dtype goes to the original methods.
 */
export function enableComplex64(): void {
  const proto = BackendWasm.prototype as unknown as Patchable & { [PATCHED]?: true };
  if (proto[PATCHED]) return;
  const readSync = proto.readSync;
  const typedArrayFromHeap = proto.typedArrayFromHeap;
  proto.readSync = function (this: Patchable, dataId: object, start?: number, end?: number) {
    const data = this.dataIdMap.get(dataId);
    if (data?.dtype !== 'complex64') return readSync.call(this, dataId, start, end);
    const from = data.memoryOffset + (start ?? 0) * 8;
    const to = data.memoryOffset + (end ?? util.sizeFromShape(data.shape)) * 8;
    return new Float32Array(this.wasm.HEAPU8.slice(from, to).buffer);
  };
  proto.typedArrayFromHeap = function (this: Patchable, info: TensorInfo) {
    if (info.dtype !== 'complex64') return typedArrayFromHeap.call(this, info);
    const data = this.dataIdMap.get(info.dataId)!;
    return new Float32Array(this.wasm.HEAPU8.buffer, data.memoryOffset, util.sizeFromShape(info.shape) * 2);
  };
  proto[PATCHED] = true;
}

/** A complex64 tensor seen as float32 with a trailing axis of 2 (`re, im`): same heap memory, no new reference. */
export function floatPairs(info: TensorInfo): TensorInfo {
  return { dataId: info.dataId, shape: [...info.shape, 2], dtype: 'float32' };
}

/**
 * Relabels a float32 `[..., 2]` result of a float kernel run on
 * {@link floatPairs} views as the complex64 tensor of shape `shape` it holds
 * (the bytes are already the interleaved pairs).
 */
export function asComplex(
  backend: { dataIdMap: Patchable['dataIdMap'] },
  info: TensorInfo,
  shape: number[],
): TensorInfo {
  const data = backend.dataIdMap.get(info.dataId);
  if (data !== undefined) {
    data.dtype = 'complex64';
    data.shape = shape;
  }
  return { dataId: info.dataId, shape, dtype: 'complex64' };
}
