import { backend_util, Complex, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { type CpuBackend, runCpu, values } from './util.js';

/** Real and imaginary parts of a tensor (imaginary 0 for a real one); no copies. */
function parts(backend: CpuBackend, x: TensorInfo): [ArrayLike<number>, ArrayLike<number>] {
  const data = backend.data.get(x.dataId);
  const complex = data?.complexTensorInfos;
  if (complex !== undefined) {
    return [values(backend, complex.real) as Float32Array, values(backend, complex.imag) as Float32Array];
  }
  return [values(backend, x) as ArrayLike<number>, new Float32Array(util.sizeFromShape(x.shape))];
}

/** For each flat output index, the flat index of the (broadcast) input element it reads. */
function sourceIndex(shape: number[], outShape: number[]): Int32Array {
  const size = util.sizeFromShape(outShape);
  const src = new Int32Array(size);
  const rank = outShape.length;
  const offset = rank - shape.length;
  // Stride of each output dimension in the input: 0 where the input broadcasts.
  const inStrides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1) inStrides[d + offset] = s;
    s *= shape[d];
  }
  const loc = new Array<number>(rank).fill(0);
  let at = 0;
  for (let i = 0; i < size; i++) {
    src[i] = at;
    // Odometer increment of the output location, tracking the input offset.
    for (let d = rank - 1; d >= 0; d--) {
      loc[d]++;
      at += inStrides[d];
      if (loc[d] < outShape[d]) break;
      at -= inStrides[d] * loc[d];
      loc[d] = 0;
    }
  }
  return src;
}

/**
 * Add, Sub or Multiply where an operand is complex64, with NumPy
 * broadcasting. tfjs-backend-cpu's complex path indexes the interleaved
 * `re, im` array with element counts whenever the shapes differ without a
 * size-1 dimension (a scalar, or `[3]` against `[2, 3]`), and returns NaN.
 * `(a + bi)(c + di) = (ac - bd) + (ad + bc)i`.
 */
export function complexBinary(
  op: 'Add' | 'Sub' | 'Multiply',
  backend: CpuBackend,
  a: TensorInfo,
  b: TensorInfo,
): TensorInfo {
  const outShape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const size = util.sizeFromShape(outShape);
  const [ar, ai] = parts(backend, a);
  const [br, bi] = parts(backend, b);
  const ia = sourceIndex(a.shape, outShape);
  const ib = sourceIndex(b.shape, outShape);
  const re = new Float32Array(size);
  const im = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const xr = ar[ia[i]];
    const xi = ai[ia[i]];
    const yr = br[ib[i]];
    const yi = bi[ib[i]];
    if (op === 'Multiply') {
      re[i] = xr * yr - xi * yi;
      im[i] = xr * yi + xi * yr;
    } else if (op === 'Add') {
      re[i] = xr + yr;
      im[i] = xi + yi;
    } else {
      re[i] = xr - yr;
      im[i] = xi - yi;
    }
  }
  const real = backend.makeTensorInfo(outShape, 'float32', re);
  const imag = backend.makeTensorInfo(outShape, 'float32', im);
  const out = runCpu(Complex, backend, { real, imag });
  backend.disposeIntermediateTensorInfo(real);
  backend.disposeIntermediateTensorInfo(imag);
  return out;
}
