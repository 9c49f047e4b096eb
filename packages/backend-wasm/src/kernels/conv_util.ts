import type { ConvGeom } from '@layerwise/backend-shared';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import {
  addInto,
  dispose,
  f32,
  getChunkFloats,
  matMul,
  sliceRows,
  transpose,
  view,
  type WasmBackend,
  zeros,
} from './util.js';

export { type ConvGeom, geom2d, geom3d } from '@layerwise/backend-shared';

/**
 * Visits output rows `m0 <= m < m1` (m runs over batch, outD, outH, outW) and,
 * for each, every filter tap: `fn(r, k, src)` with `r = m - m0`, `k` the tap's
 * first column in the `[*, kD*kH*kW*inC]` patch matrix and `src` the offset
 * of the input pixel it reads, or -1 where the tap falls in the padding.
 */
function forEachTap(g: ConvGeom, m0: number, m1: number, fn: (r: number, k: number, src: number) => void): void {
  const { inD, inH, inW, inC, outD, outH, outW, kD, kH, kW, sD, sH, sW, dD, dH, dW, padF, padT, padL } = g;
  let ow = m0 % outW;
  let t = (m0 - ow) / outW;
  let oh = t % outH;
  t = (t - oh) / outH;
  let od = t % outD;
  let n = (t - od) / outD;
  for (let m = m0; m < m1; m++) {
    const r = m - m0;
    let k = 0;
    for (let kd = 0; kd < kD; kd++) {
      const id = od * sD - padF + kd * dD;
      const dOk = id >= 0 && id < inD;
      for (let kh = 0; kh < kH; kh++) {
        const ih = oh * sH - padT + kh * dH;
        const hOk = dOk && ih >= 0 && ih < inH;
        const rowBase = ((n * inD + id) * inH + ih) * inW;
        for (let kw = 0; kw < kW; kw++) {
          const iw = ow * sW - padL + kw * dW;
          fn(r, k, hOk && iw >= 0 && iw < inW ? (rowBase + iw) * inC : -1);
          k += inC;
        }
      }
    }
    if (++ow === outW) {
      ow = 0;
      if (++oh === outH) {
        oh = 0;
        if (++od === outD) {
          od = 0;
          n++;
        }
      }
    }
  }
}

/** Fills `cols` (`[m1 - m0, K]`) with the input patches of output rows m0..m1 (im2col). */
export function im2col(g: ConvGeom, x: Float32Array, cols: Float32Array, m0: number, m1: number): void {
  const inC = g.inC;
  const K = g.kD * g.kH * g.kW * inC;
  // Channel runs are contiguous in both arrays: copy them whole when long enough
  // for TypedArray.set to beat a scalar loop.
  const wide = inC >= 16;
  forEachTap(g, m0, m1, (r, k, src) => {
    const dst = r * K + k;
    if (src < 0) cols.fill(0, dst, dst + inC);
    else if (wide) cols.set(x.subarray(src, src + inC), dst);
    else for (let c = 0; c < inC; c++) cols[dst + c] = x[src + c];
  });
}

/** Adds the patch gradients `dcols` (`[m1 - m0, K]`) back onto the input gradient `dx` (col2im). */
export function col2im(g: ConvGeom, dcols: Float32Array, dx: Float32Array, m0: number, m1: number): void {
  const inC = g.inC;
  const K = g.kD * g.kH * g.kW * inC;
  forEachTap(g, m0, m1, (r, k, src) => {
    if (src < 0) return;
    const s = r * K + k;
    for (let c = 0; c < inC; c++) dx[src + c] += dcols[s + c];
  });
}

/** Whether the convolution is a plain matmul over pixels (1x1 filter, stride 1, no padding). */
function isPointwise(g: ConvGeom): boolean {
  return (
    g.kD * g.kH * g.kW === 1 &&
    g.sD * g.sH * g.sW === 1 &&
    g.padF + g.padT + g.padL === 0 &&
    g.outD === g.inD &&
    g.outH === g.inH &&
    g.outW === g.inW
  );
}

/**
 * A channels-last convolution forward pass: `y = cols @ W` (`[M, outC]`, the
 * output layout already), one XNNPACK matmul per chunk of patch rows.
 * `filter` is `[kD, kH, kW, inC, outC]` (or the 2D equivalent); the caller
 * sets the output shape.
 */
export function convForward(backend: WasmBackend, x: TensorInfo, filter: TensorInfo, g: ConvGeom): TensorInfo {
  const K = g.kD * g.kH * g.kW * g.inC;
  const M = g.batch * g.outD * g.outH * g.outW;
  const N = g.outC;
  const w = view(filter, [K, N]);
  if (isPointwise(g)) return matMul(backend, view(x, [M, K]), w);
  const rows = Math.max(1, Math.floor(getChunkFloats() / K));
  const out = rows >= M ? null : backend.makeOutput([M, N], 'float32');
  for (let m0 = 0; m0 < M; m0 += rows) {
    const mc = Math.min(rows, M - m0);
    const cols = backend.makeOutput([mc, K], 'float32');
    im2col(g, f32(backend, x), f32(backend, cols), m0, m0 + mc);
    const part = matMul(backend, cols, w);
    dispose(backend, cols);
    if (out === null) return part;
    f32(backend, out).set(f32(backend, part), m0 * N);
    dispose(backend, part);
  }
  return out ?? backend.makeOutput([0, N], 'float32');
}

/**
 * The filter gradient of a channels-last convolution: with `cols` the
 * `[M, K]` patch matrix of `x` and `dy` as `[M, outC]`,
 * `dW = (dy^T @ cols)^T`, computed in row chunks of at most
 * {@link getChunkFloats} patch floats, as one XNNPACK matmul per chunk.
 * Returns a `[K, outC]` tensor (the caller sets the filter shape).
 */
export function convBackpropFilter(backend: WasmBackend, x: TensorInfo, dy: TensorInfo, g: ConvGeom): TensorInfo {
  const K = g.kD * g.kH * g.kW * g.inC;
  const M = g.batch * g.outD * g.outH * g.outW;
  const N = g.outC;
  // A pointwise convolution's patch matrix is x itself: one matmul, no copy.
  const identity = isPointwise(g);
  const rows = identity ? M : Math.max(1, Math.floor(getChunkFloats() / K));
  // dy^T once: XNNPACK's matmul is fast only without transpose flags.
  const dyT = transpose(backend, view(dy, [M, N]), [1, 0]);
  let acc: TensorInfo | null = null;
  for (let m0 = 0; m0 < M; m0 += rows) {
    const mc = Math.min(rows, M - m0);
    const cols = identity ? view(x, [M, K]) : backend.makeOutput([mc, K], 'float32');
    const dyTc = mc === M ? dyT : sliceRows(backend, dyT, N, M, m0, mc, 1);
    if (!identity) im2col(g, f32(backend, x), f32(backend, cols), m0, m0 + mc);
    const part = matMul(backend, view(dyTc, [N, mc]), cols);
    dispose(backend, identity ? null : cols, dyTc === dyT ? null : dyTc);
    if (acc === null) acc = part;
    else {
      addInto(backend, acc, part);
      dispose(backend, part);
    }
  }
  dispose(backend, dyT);
  if (acc === null) return zeros(backend, [K, N]);
  const out = transpose(backend, view(acc, [N, K]), [1, 0]);
  dispose(backend, acc);
  return out;
}

/**
 * The input gradient of a channels-last convolution: `dcols = dy @ W^T`
 * (`[M, K]`, one XNNPACK matmul per row chunk), scattered back with col2im.
 * `filter` is `[kD, kH, kW, inC, outC]` (or the 2D equivalent) and the result
 * has the channels-last input shape `[batch, (inD,) inH, inW, inC]`.
 */
export function convBackpropInput(
  backend: WasmBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  g: ConvGeom,
  inShape: number[],
): TensorInfo {
  const K = g.kD * g.kH * g.kW * g.inC;
  const M = g.batch * g.outD * g.outH * g.outW;
  const N = g.outC;
  const rows = Math.max(1, Math.floor(getChunkFloats() / K));
  const wT = transpose(backend, view(filter, [K, N]), [1, 0]);
  const dx = zeros(backend, inShape);
  for (let m0 = 0; m0 < M; m0 += rows) {
    const mc = Math.min(rows, M - m0);
    const dyc = mc === M ? view(dy, [M, N]) : sliceRows(backend, dy, 1, M, m0, mc, N);
    const dcols = matMul(backend, view(dyc, [mc, N]), wT);
    if (mc !== M) dispose(backend, dyc);
    col2im(g, f32(backend, dcols), f32(backend, dx), m0, m0 + mc);
    dispose(backend, dcols);
  }
  dispose(backend, wT);
  return dx;
}
