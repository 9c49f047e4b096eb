import { batchBroadcast, batchTiling } from '@layerwise/backend-shared';
import { BatchMatMul, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { asCpu, type CpuBackend, runCpu } from './util.js';

/** `x`'s batch dimensions tiled to `outer` (null if they already match). */
function tileBatch(backend: CpuBackend, x: TensorInfo, outer: number[]): TensorInfo | null {
  const tiling = batchTiling(x.shape, outer);
  if (tiling === null) return null;
  // A view under the padded shape: Tile does not keep its input.
  const view = { dataId: x.dataId, shape: tiling.padded, dtype: x.dtype };
  return runCpu('Tile', backend, { x: view }, { reps: tiling.reps });
}

/**
 * Batched matmul whose batch dimensions broadcast on both sides (a
 * `[2, 1, m, k]` times b `[3, k, n]`). tfjs-backend-cpu's kernel flattens each
 * operand's batch dimensions and broadcasts only a batch of 1, so it returns
 * wrong values there; those operands are tiled to the common batch shape
 * first. Every other case runs the original.
 */
export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'cpu',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asCpu(b);
    const { a, b: bm } = inputs as { a: TensorInfo; b: TensorInfo };
    const { outer, simple } = batchBroadcast(a.shape, bm.shape);
    if (simple) return runCpu(BatchMatMul, backend, inputs, attrs);
    const aT = tileBatch(backend, a, outer);
    const bT = tileBatch(backend, bm, outer);
    const out = runCpu(BatchMatMul, backend, { a: aT ?? a, b: bT ?? bm }, attrs);
    for (const t of [aT, bT]) if (t !== null) backend.disposeIntermediateTensorInfo(t);
    return out;
  }) as KernelFunc,
};
