import {
  BatchMatMul,
  broadcast_util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { asCpu, type CpuBackend, runCpu } from './util.js';

/** `x`'s batch dimensions tiled to `outer` (null if they already match). */
function tileBatch(backend: CpuBackend, x: TensorInfo, outer: number[]): TensorInfo | null {
  const own = x.shape.slice(0, -2);
  const padded = [...new Array(outer.length - own.length).fill(1), ...own];
  if (padded.every((d, i) => d === outer[i])) return null;
  const reps = [...outer.map((d, i) => (padded[i] === d ? 1 : d)), 1, 1];
  // A view under the padded shape: Tile does not keep its input.
  const view = { dataId: x.dataId, shape: [...padded, ...x.shape.slice(-2)], dtype: x.dtype };
  return runCpu('Tile', backend, { x: view }, { reps });
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
    const outer = broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), bm.shape.slice(0, -2));
    const batchA = util.sizeFromShape(a.shape.slice(0, -2));
    const batchB = util.sizeFromShape(bm.shape.slice(0, -2));
    const simple =
      util.sizeFromShape(outer) === Math.max(batchA, batchB) && (batchA === 1 || batchB === 1 || batchA === batchB);
    if (simple) return runCpu(BatchMatMul, backend, inputs, attrs);
    const aT = tileBatch(backend, a, outer);
    const bT = tileBatch(backend, bm, outer);
    const out = runCpu(BatchMatMul, backend, { a: aT ?? a, b: bT ?? bm }, attrs);
    for (const t of [aT, bT]) if (t !== null) backend.disposeIntermediateTensorInfo(t);
    return out;
  }) as KernelFunc,
};
