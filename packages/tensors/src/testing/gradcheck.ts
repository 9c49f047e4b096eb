import { LayerwiseError } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';

/** Thrown by {@link checkGradients} when analytic and numeric gradients disagree. */
export class GradientCheckError extends LayerwiseError {}

/** Options of {@link checkGradients}. */
export interface GradientCheckOptions {
  /** Finite-difference step (default 1e-2; float32 rounding dominates below ~1e-3). */
  eps?: number;
  /** Relative tolerance (default 1e-2). */
  rtol?: number;
  /** Absolute tolerance (default 2e-3). */
  atol?: number;
  /** Indices of the inputs to check (default: every float32 input). */
  wrt?: number[];
  /** Seed of the random projection of the output (default 1). */
  seed?: number;
}

/**
 * Compares the gradient that autodiff gives for `f` with central finite
 * differences. The output is projected onto fixed random weights first, so one
 * scalar checks every output element. Reads values back synchronously: for
 * tests on cpu and wasm. Returns the largest absolute difference found.
 *
 * @example
 * ```ts
 * checkGradients((x) => tanh(x), [tensor([0.1, -0.5, 2])]);
 * ```
 */
export function checkGradients(
  f: (...xs: Tensor[]) => Tensor,
  inputs: Tensor[],
  options: GradientCheckOptions = {},
): number {
  const eps = options.eps ?? 1e-2;
  const rtol = options.rtol ?? 1e-2;
  const atol = options.atol ?? 2e-3;
  const wrt = options.wrt ?? inputs.map((t, i) => (t.dtype === 'float32' ? i : -1)).filter((i) => i >= 0);
  return tfc.tidy(() => {
    const probe = f(...inputs);
    let s = (options.seed ?? 1) >>> 0;
    const weights = Float32Array.from({ length: probe.size }, () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return (s / 2 ** 32) * 2 - 1;
    });
    const w = tfc.tensor(weights, probe.shape, 'float32');
    const scalarF = (...xs: Tensor[]) => tfc.sum(tfc.mul(tfc.cast(f(...xs), 'float32'), w));
    const analytic = tfc.engine().gradients(
      () => scalarF(...inputs),
      wrt.map((i) => inputs[i]),
      undefined,
      true,
    ).grads;
    let worst = 0;
    wrt.forEach((inputIndex, k) => {
      const x = inputs[inputIndex];
      const base = x.dataSync() as Float32Array;
      const g = analytic[k] ? (analytic[k].dataSync() as Float32Array) : new Float32Array(base.length);
      const evalAt = (i: number, delta: number): number =>
        tfc.tidy(() => {
          const moved = Float32Array.from(base);
          moved[i] += delta;
          const xs = inputs.map((t, j) => (j === inputIndex ? tfc.tensor(moved, x.shape, 'float32') : t));
          return scalarF(...xs).dataSync()[0];
        });
      for (let i = 0; i < base.length; i++) {
        const numeric = (evalAt(i, eps) - evalAt(i, -eps)) / (2 * eps);
        const err = Math.abs(numeric - g[i]);
        worst = Math.max(worst, err);
        if (!(err <= atol + rtol * Math.abs(numeric))) {
          throw new GradientCheckError(
            `checkGradients: input ${inputIndex}, element ${i}: autodiff gives ${g[i]}, finite differences give ${numeric} ` +
              `(|diff| ${err.toExponential(2)} > atol ${atol} + rtol ${rtol} * |numeric|).`,
          );
        }
      }
    });
    return worst;
  });
}
