import {
  backend_util,
  GatherV2,
  type GatherV2Attrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { asWasm, dispose, i32, runWasm, view, type WasmBackend } from './util.js';

/**
 * gather, replacing tfjs-backend-wasm's where it is wrong or slow:
 *
 * - `batchDims > 0` returned wrong values: the batched gather is turned into
 *   a plain gather along axis 0 of `x` flattened to
 *   `[batch * outer * dim, slice]`, with the flat row indices computed here.
 * - Rows (axis 0, the batches `fit` draws when shuffling) are copied here as
 *   whole rows, several times faster than the original's element loop.
 *
 * Other gathers run the original kernel.
 */
export const gatherV2Config: KernelConfig = {
  kernelName: GatherV2,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { x, indices } = inputs as { x: TensorInfo; indices: TensorInfo };
    const { axis, batchDims } = attrs as unknown as GatherV2Attrs;
    const parsedAxis = util.parseAxisParam(axis, x.shape)[0];
    if (!batchDims && parsedAxis === 0 && x.dtype !== 'string' && x.dtype !== 'complex64' && x.shape.length > 0) {
      return gatherRows(backend, x, indices);
    }
    if (!batchDims) return runWasm(GatherV2, backend, { x, indices }, { axis, batchDims: 0 });
    const info = backend_util.segment_util.collectGatherOpShapeInfo(x, indices, parsedAxis, batchDims);
    const { batchSize, outerSize, dimSize, sliceSize } = info;
    const per = util.sizeFromShape(indices.shape) / batchSize;
    const rows = backend.makeOutput([batchSize * outerSize * per], 'int32');
    const rv = i32(backend, rows);
    const iv = i32(backend, indices);
    for (let bi = 0; bi < batchSize; bi++) {
      for (let o = 0; o < outerSize; o++) {
        const base = (bi * outerSize + o) * dimSize;
        const dst = (bi * outerSize + o) * per;
        for (let i = 0; i < per; i++) {
          const index = iv[bi * per + i];
          if (!(index >= 0 && index < dimSize)) {
            dispose(backend, rows);
            throw new Error(`GatherV2: the index value ${index} is not in [0, ${dimSize - 1}]`);
          }
          rv[dst + i] = base + index;
        }
      }
    }
    const flatX = view(x, [batchSize * outerSize * dimSize, sliceSize]);
    const out = runWasm(GatherV2, backend, { x: flatX, indices: rows }, { axis: 0, batchDims: 0 });
    dispose(backend, rows);
    out.shape = info.outputShape;
    return out;
  }) as KernelFunc,
};

/** `x[indices]` along axis 0, copying whole rows. */
function gatherRows(backend: WasmBackend, x: TensorInfo, indices: TensorInfo): TensorInfo {
  const rows = x.shape[0];
  const rowSize = util.sizeFromShape(x.shape.slice(1));
  const count = util.sizeFromShape(indices.shape);
  const iv = backend.typedArrayFromHeap(indices);
  for (let i = 0; i < count; i++) {
    const index = iv[i];
    if (!(index >= 0 && index < rows)) {
      throw new Error(`GatherV2: the index value ${index} is not in [0, ${rows - 1}]`);
    }
  }
  const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
  // Views only after the allocation above (it may grow the heap).
  const ov = backend.typedArrayFromHeap(out);
  const xv = backend.typedArrayFromHeap(x);
  const idx = backend.typedArrayFromHeap(indices);
  for (let i = 0; i < count; i++) {
    const start = idx[i] * rowSize;
    ov.set(xv.subarray(start, start + rowSize), i * rowSize);
  }
  return out;
}
