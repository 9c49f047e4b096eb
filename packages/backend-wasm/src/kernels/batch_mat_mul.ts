import { batchBroadcast, batchTiling } from '@layerwise/backend-shared';
import {
  BatchMatMul,
  type BatchMatMulAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asWasm, dispose, runWasm, swapLastAxes, transpose, view, type WasmBackend } from './util.js';

/** `x`'s batch dimensions tiled to `outer` (null if they already match). */
function tileBatch(backend: WasmBackend, x: TensorInfo, outer: number[]): TensorInfo | null {
  const tiling = batchTiling(x.shape, outer);
  if (tiling === null) return null;
  return runWasm('Tile', backend, { x: view(x, tiling.padded) }, { reps: tiling.reps });
}

/**
 * Batched matmul. Two fixes over tfjs-backend-wasm's kernel:
 *
 * - Operands whose batch dimensions broadcast on both sides (a `[2, 1, m, k]`
 *   times b `[3, k, n]`) gave wrong values (it broadcasts only a batch of 1);
 *   they are tiled to the common batch shape first.
 * - Transposed operands took XNNPACK's transposed paths, about 10x slower
 *   than transposing first and multiplying untransposed (every Dense
 *   backward pass multiplies transposed operands); they are transposed first.
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
  const aT = attrs.transposeA ? transpose(backend, inputs.a, swapLastAxes(inputs.a.shape.length)) : null;
  const bT = attrs.transposeB ? transpose(backend, inputs.b, swapLastAxes(inputs.b.shape.length)) : null;
  const a = aT ?? inputs.a;
  const b = bT ?? inputs.b;
  const plain = { transposeA: false, transposeB: false };
  const { outer, simple } = batchBroadcast(a.shape, b.shape);
  let out: TensorInfo;
  if (simple) {
    out = runWasm(BatchMatMul, backend, { a, b }, plain as never);
  } else {
    const aTiled = tileBatch(backend, a, outer);
    const bTiled = tileBatch(backend, b, outer);
    out = runWasm(BatchMatMul, backend, { a: aTiled ?? a, b: bTiled ?? b }, plain as never);
    dispose(backend, aTiled, bTiled);
  }
  dispose(backend, aT, bT);
  return out;
}
