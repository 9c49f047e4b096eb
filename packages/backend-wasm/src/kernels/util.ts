import { type OriginalKernels, originalKernels } from '@layerwise/backend-shared';
import { type DataType, type KernelConfig, type TensorInfo, util } from '@tensorflow/tfjs-core';

/**
 * The part of tfjs-backend-wasm's `BackendWasm` that the kernels here use.
 * Typed locally because the package's own declarations depend on Emscripten
 * types that are not installed.
 */
export interface WasmBackend {
  /** The Emscripten module; `HEAPU8` is replaced when the heap grows. */
  wasm: { HEAPU8: Uint8Array };
  /** Per-tensor bookkeeping: where each tensor lives on the heap. */
  dataIdMap: {
    get(dataId: object): { memoryOffset: number; shape: number[]; dtype: DataType } | undefined;
  };
  /** Allocates a tensor on the wasm heap (its memory is not zeroed). */
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  /** A typed-array view of a tensor's heap memory (float32, int32, bool). */
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  /** Drops one reference to a tensor's data and frees it at zero. */
  disposeData(dataId: object): boolean;
  /** The number of tensors the backend holds. */
  numDataIds(): number;
}

/** Default largest intermediate (im2col) buffer, in floats, per step: 4 MiB, which measured faster than larger chunks (cache). */
export const DEFAULT_CHUNK_FLOATS = 1 << 20;

let chunkFloats = DEFAULT_CHUNK_FLOATS;

/** The current im2col chunk size in floats (see {@link setChunkFloats}). */
export function getChunkFloats(): number {
  return chunkFloats;
}

/** Sets the im2col chunk size in floats; tests shrink it to exercise the multi-chunk paths on small tensors. */
export function setChunkFloats(floats: number): void {
  chunkFloats = Math.max(1, Math.floor(floats));
}

/** Narrows the backend a kernel receives to the wasm backend's interface. */
export function asWasm(backend: unknown): WasmBackend {
  return backend as WasmBackend;
}

/**
 * A fresh float32 view of a tensor's heap memory. Views go stale when the heap
 * grows, so call this again after anything that allocates.
 */
export function f32(backend: WasmBackend, info: TensorInfo): Float32Array {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) throw new Error('@layerwise/backend-wasm: tensor is not on the wasm backend');
  const size = util.sizeFromShape(info.shape) * (info.dtype === 'complex64' ? 2 : 1);
  return new Float32Array(backend.wasm.HEAPU8.buffer, data.memoryOffset, size);
}

/** A fresh int32 view of an int32 tensor's heap memory (see {@link f32}). */
export function i32(backend: WasmBackend, info: TensorInfo): Int32Array {
  const data = backend.dataIdMap.get(info.dataId);
  if (data === undefined) throw new Error('@layerwise/backend-wasm: tensor is not on the wasm backend');
  return new Int32Array(backend.wasm.HEAPU8.buffer, data.memoryOffset, util.sizeFromShape(info.shape));
}

/** Allocates a float32 tensor on the heap and zeroes it. */
export function zeros(backend: WasmBackend, shape: number[]): TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  f32(backend, out).fill(0);
  return out;
}

/** Frees intermediate tensors. */
export function dispose(backend: WasmBackend, ...infos: Array<TensorInfo | null | undefined>): void {
  for (const info of infos) if (info != null) backend.disposeData(info.dataId);
}

/**
 * The same data under another shape, without a new reference. Only for
 * passing to a kernel that does not keep its input (BatchMatMul, Transpose).
 */
export function view(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

const originals = originalKernels<WasmBackend>('wasm');

/** Remembers tfjs-backend-wasm's kernel before a replacement is registered. */
export const saveOriginal: (config: KernelConfig) => void = originals.saveOriginal;

/** Runs tfjs-backend-wasm's own kernel `name` (the original one if this package replaced it). */
export const runWasm: OriginalKernels<WasmBackend>['run'] = originals.run;

/** The permutation that swaps the last two axes of a rank-`rank` tensor (a matrix transpose per batch). */
export function swapLastAxes(rank: number): number[] {
  return [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
}

/** `a @ b` for rank-2 or rank-3 float32 tensors, on XNNPACK. Untransposed operands only: the transposed paths are ~10x slower. */
export function matMul(backend: WasmBackend, a: TensorInfo, b: TensorInfo): TensorInfo {
  return runWasm('BatchMatMul', backend, { a, b }, { transposeA: false, transposeB: false });
}

/** tfjs-backend-wasm's Transpose (a blocked copy in wasm). */
export function transpose(backend: WasmBackend, x: TensorInfo, perm: number[]): TensorInfo {
  return runWasm('Transpose', backend, { x }, { perm });
}

/**
 * Copies `rows` rows of `rowLen` floats, starting at row `start`, out of each
 * of `blocks` blocks of `total` rows: the column block `[:, start:start+rows, :]`
 * of a `[blocks, total, rowLen]` tensor, as a new `[blocks, rows, rowLen]` tensor.
 */
export function sliceRows(
  backend: WasmBackend,
  x: TensorInfo,
  blocks: number,
  total: number,
  start: number,
  rows: number,
  rowLen: number,
): TensorInfo {
  const out = backend.makeOutput([blocks, rows, rowLen], 'float32');
  const src = f32(backend, x);
  const dst = f32(backend, out);
  const n = rows * rowLen;
  for (let b = 0; b < blocks; b++) {
    const from = (b * total + start) * rowLen;
    dst.set(src.subarray(from, from + n), b * n);
  }
  return out;
}

/** `acc += part` elementwise (same size), on heap views. */
export function addInto(backend: WasmBackend, acc: TensorInfo, part: TensorInfo): void {
  const a = f32(backend, acc);
  const p = f32(backend, part);
  for (let i = 0; i < a.length; i++) a[i] += p[i];
}
