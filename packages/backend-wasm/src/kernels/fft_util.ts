import type { TensorInfo } from '@tensorflow/tfjs-core';
import { f32, type WasmBackend } from './util.js';

/**
 * A reusable 1-D discrete Fourier transform of one length, in float64:
 * iterative radix-2 for powers of two, Bluestein's chirp-z (through a radix-2
 * transform of twice the size) for every other length, so any length costs
 * O(n log n). `X[k] = sum_j x[j] e^{-2 pi i jk/n}`; the inverse uses `+` and
 * divides by n, as tfjs's fft/ifft do.
 */
export class FftPlan {
  private readonly n: number;
  private readonly pow2: Radix2 | null;
  private readonly chirp: Bluestein | null;

  constructor(n: number) {
    this.n = n;
    const isPow2 = n > 0 && (n & (n - 1)) === 0;
    this.pow2 = isPow2 ? new Radix2(n) : null;
    this.chirp = isPow2 ? null : new Bluestein(n);
  }

  /** Transforms `re`/`im` (length n) in place. */
  run(re: Float64Array, im: Float64Array, inverse: boolean): void {
    if (this.pow2 !== null) this.pow2.run(re, im, inverse);
    else this.chirp!.run(re, im, inverse);
    if (inverse) {
      const s = 1 / this.n;
      for (let i = 0; i < this.n; i++) {
        re[i] *= s;
        im[i] *= s;
      }
    }
  }
}

/** Unnormalized in-place radix-2 FFT of a power-of-two length. */
class Radix2 {
  private readonly rev: Uint32Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;

  constructor(private readonly n: number) {
    this.rev = new Uint32Array(n);
    let bits = 0;
    while (1 << bits < n) bits++;
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.rev[i] = r;
    }
    this.cos = new Float64Array(n / 2);
    this.sin = new Float64Array(n / 2);
    for (let i = 0; i < n / 2; i++) {
      this.cos[i] = Math.cos((2 * Math.PI * i) / n);
      this.sin[i] = Math.sin((2 * Math.PI * i) / n);
    }
  }

  run(re: Float64Array, im: Float64Array, inverse: boolean): void {
    const { n, rev } = this;
    for (let i = 0; i < n; i++) {
      const j = rev[i];
      if (j > i) {
        let t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    const sign = inverse ? 1 : -1;
    for (let size = 2; size <= n; size *= 2) {
      const half = size / 2;
      const step = n / size;
      for (let start = 0; start < n; start += size) {
        for (let k = 0; k < half; k++) {
          const wr = this.cos[k * step];
          const wi = sign * this.sin[k * step];
          const a = start + k;
          const b = a + half;
          const tr = re[b] * wr - im[b] * wi;
          const ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
  }
}

/** Unnormalized DFT of any length as a convolution with a chirp (Bluestein). */
class Bluestein {
  private readonly m: number;
  private readonly inner: Radix2;
  private readonly wr: Float64Array;
  private readonly wi: Float64Array;
  // FFT of the conjugate chirp, for the forward and the inverse transform.
  private readonly br: [Float64Array, Float64Array];
  private readonly bi: [Float64Array, Float64Array];
  private readonly ar: Float64Array;
  private readonly ai: Float64Array;

  constructor(private readonly n: number) {
    let m = 1;
    while (m < 2 * n - 1) m *= 2;
    this.m = m;
    this.inner = new Radix2(m);
    this.wr = new Float64Array(n);
    this.wi = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      // k^2 mod 2n keeps the angle small, and so exact, for large k.
      const angle = (Math.PI * ((k * k) % (2 * n))) / n;
      this.wr[k] = Math.cos(angle);
      this.wi[k] = Math.sin(angle);
    }
    this.br = [new Float64Array(m), new Float64Array(m)];
    this.bi = [new Float64Array(m), new Float64Array(m)];
    for (let dir = 0; dir < 2; dir++) {
      const sign = dir === 0 ? 1 : -1; // conj(w) for forward, w for inverse
      const br = this.br[dir];
      const bi = this.bi[dir];
      for (let k = 0; k < n; k++) {
        br[k] = this.wr[k];
        bi[k] = sign * this.wi[k];
        if (k > 0) {
          br[m - k] = br[k];
          bi[m - k] = bi[k];
        }
      }
      this.inner.run(br, bi, false);
    }
    this.ar = new Float64Array(m);
    this.ai = new Float64Array(m);
  }

  run(re: Float64Array, im: Float64Array, inverse: boolean): void {
    const { n, m, ar, ai, wr } = this;
    const s = inverse ? 1 : -1; // chirp w_k = exp(s * i pi k^2 / n)
    ar.fill(0);
    ai.fill(0);
    for (let k = 0; k < n; k++) {
      const ci = s * this.wi[k];
      ar[k] = re[k] * wr[k] - im[k] * ci;
      ai[k] = re[k] * ci + im[k] * wr[k];
    }
    this.inner.run(ar, ai, false);
    const br = this.br[inverse ? 1 : 0];
    const bi = this.bi[inverse ? 1 : 0];
    for (let k = 0; k < m; k++) {
      const r = ar[k] * br[k] - ai[k] * bi[k];
      ai[k] = ar[k] * bi[k] + ai[k] * br[k];
      ar[k] = r;
    }
    // Inverse transform of size m via the forward one on conjugates.
    for (let k = 0; k < m; k++) ai[k] = -ai[k];
    this.inner.run(ar, ai, false);
    for (let k = 0; k < n; k++) {
      const cr = ar[k] / m;
      const cim = -ai[k] / m;
      const ci = s * this.wi[k];
      re[k] = cr * wr[k] - cim * ci;
      im[k] = cr * ci + cim * wr[k];
    }
  }
}

/** fft (or ifft) along the innermost axis of a complex64 tensor, row by row in float64. */
export function fftRows(backend: WasmBackend, input: TensorInfo, inverse: boolean): TensorInfo {
  const n = input.shape[input.shape.length - 1];
  const out = backend.makeOutput([...input.shape], 'complex64');
  const iv = f32(backend, input);
  const ov = f32(backend, out);
  const rows = n === 0 ? 0 : iv.length / (2 * n);
  const plan = new FftPlan(n);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    const base = 2 * r * n;
    for (let k = 0; k < n; k++) {
      re[k] = iv[base + 2 * k];
      im[k] = iv[base + 2 * k + 1];
    }
    plan.run(re, im, inverse);
    for (let k = 0; k < n; k++) {
      ov[base + 2 * k] = re[k];
      ov[base + 2 * k + 1] = im[k];
    }
  }
  return out;
}
