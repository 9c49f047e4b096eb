import {
  type KernelConfig,
  type KernelFunc,
  Reverse,
  type ReverseAttrs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { asWasm, runWasm } from './util.js';

/**
 * reverse for bool tensors. tfjs-backend-wasm's kernel moves four-byte
 * elements, so it scrambles one-byte bool tensors or reads past them; other
 * dtypes run the original. One pass, tracking the source offset as the
 * output index advances.
 */
export const reverseConfig: KernelConfig = {
  kernelName: Reverse,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { x } = inputs as { x: TensorInfo };
    const rank = x.shape.length;
    if (x.dtype !== 'bool' || rank === 0) return runWasm(Reverse, backend, { x }, attrs);
    const { dims } = attrs as unknown as ReverseAttrs;
    const flip = new Array<boolean>(rank).fill(false);
    for (const a of util.parseAxisParam(dims, x.shape)) flip[a] = true;
    const strides = [...util.computeStrides(x.shape), 1];
    // The source moves backwards along flipped axes, from their last element.
    const step = strides.map((s, d) => (flip[d] ? -s : s));
    let src = 0;
    for (let d = 0; d < rank; d++) if (flip[d]) src += (x.shape[d] - 1) * strides[d];
    const out = backend.makeOutput(x.shape, x.dtype);
    const ov = backend.typedArrayFromHeap(out);
    const xv = backend.typedArrayFromHeap(x);
    const loc = new Array<number>(rank).fill(0);
    for (let i = 0; i < ov.length; i++) {
      ov[i] = xv[src];
      for (let d = rank - 1; d >= 0; d--) {
        loc[d]++;
        src += step[d];
        if (loc[d] < x.shape[d]) break;
        src -= step[d] * x.shape[d];
        loc[d] = 0;
      }
    }
    return out;
  }) as KernelFunc,
};
