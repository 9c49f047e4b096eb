import {
  BatchMatMul,
  type BatchMatMulAttrs,
  broadcast_util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { asWasm, dispose, runWasm, view, type WasmBackend } from './util.js';

/** `x`'s batch dimensions tiled to `outer` (x unchanged if they already match). */
function tileBatch(backend: WasmBackend, x: TensorInfo, outer: number[]): TensorInfo | null {
  const own = x.shape.slice(0, -2);
  const padded = [...new Array(outer.length - own.length).fill(1), ...own];
  if (padded.every((d, i) => d === outer[i])) return null;
  const reps = [...outer.map((d, i) => (padded[i] === d ? 1 : d)), 1, 1];
  return runWasm('Tile', backend, { x: view(x, [...padded, ...x.shape.slice(-2)]) }, { reps });
}

/**
 * Batched matmul whose batch dimensions broadcast on both sides (a
 * `[2, 1, m, k]` times b `[3, k, n]`). tfjs-backend-wasm's kernel flattens each
 * operand's batch dimensions and broadcasts only a batch of 1, so it returns
 * wrong values there; those operands are tiled to the common batch shape
 * first. Every other case runs the original.
 */
export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) =>
    batchMatMul(asWasm(b), inputs as never, attrs as never)) as KernelFunc,
};

/** The corrected BatchMatMul (see {@link batchMatMulConfig}), for other kernels here. */
export function batchMatMul(
  backend: WasmBackend,
  inputs: { a: TensorInfo; b: TensorInfo },
  attrs: BatchMatMulAttrs,
): TensorInfo {
  const { a, b } = inputs;
  const outer = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batchA = util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = util.sizeFromShape(b.shape.slice(0, -2));
  const simple =
    util.sizeFromShape(outer) === Math.max(batchA, batchB) && (batchA === 1 || batchB === 1 || batchA === batchB);
  if (simple) return runWasm(BatchMatMul, backend, { a, b }, attrs as never);
  const aT = tileBatch(backend, a, outer);
  const bT = tileBatch(backend, b, outer);
  const out = runWasm(BatchMatMul, backend, { a: aT ?? a, b: bT ?? b }, attrs as never);
  dispose(backend, aT, bT);
  return out;
}
