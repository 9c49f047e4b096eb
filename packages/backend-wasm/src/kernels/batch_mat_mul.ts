import { batchBroadcast, batchTiling } from '@layerwise/backend-shared';
import {
  BatchMatMul,
  type BatchMatMulAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asWasm, dispose, runWasm, view, type WasmBackend } from './util.js';

/** `x`'s batch dimensions tiled to `outer` (null if they already match). */
function tileBatch(backend: WasmBackend, x: TensorInfo, outer: number[]): TensorInfo | null {
  const tiling = batchTiling(x.shape, outer);
  if (tiling === null) return null;
  return runWasm('Tile', backend, { x: view(x, tiling.padded) }, { reps: tiling.reps });
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
  const { outer, simple } = batchBroadcast(a.shape, b.shape);
  if (simple) return runWasm(BatchMatMul, backend, { a, b }, attrs as never);
  const aT = tileBatch(backend, a, outer);
  const bT = tileBatch(backend, b, outer);
  const out = runWasm(BatchMatMul, backend, { a: aT ?? a, b: bT ?? b }, attrs as never);
  dispose(backend, aT, bT);
  return out;
}
