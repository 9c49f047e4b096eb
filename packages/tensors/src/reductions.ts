/**
 * Reductions over one, several, or all axes.
 */
import { normalizeAxis, type TensorInput, toTensor } from './check.js';
import { type Tensor, tfc } from './tfjs.js';

/** Axes to reduce: one axis, several, or (undefined) all of them. */
export type Axis = number | number[] | undefined;

/** A reduction over axes. */
export type Reduction = (x: TensorInput, axis?: Axis, keepDims?: boolean) => Tensor;

function checkAxes(axis: Axis, rank: number, op: string): number | number[] | undefined {
  if (axis === undefined) return undefined;
  if (Array.isArray(axis)) return axis.map((a) => normalizeAxis(a, rank, op));
  return normalizeAxis(axis, rank, op);
}

function reduction(
  op: string,
  f: (x: Tensor, axis: number | number[] | undefined, keepDims: boolean) => Tensor,
): Reduction {
  return (x, axis, keepDims = false) =>
    tfc.tidy(() => {
      const t = toTensor(x, 'x', op);
      return f(t, checkAxes(axis, t.rank, op), keepDims);
    });
}

/** Sum. @example `sum(tensor([[1, 2], [3, 4]]), 1) // [3, 7]` */
export const sum: Reduction = reduction('sum', tfc.sum);
/** Arithmetic mean. */
export const mean: Reduction = reduction('mean', tfc.mean);
/** Maximum. */
export const max: Reduction = reduction('max', tfc.max);
/** Minimum. */
export const min: Reduction = reduction('min', tfc.min);
/** Product. */
export const prod: Reduction = reduction('prod', tfc.prod);
/** log(sum(exp(x))), computed stably. */
export const logSumExp: Reduction = reduction('logSumExp', tfc.logSumExp);
/** True if every element is true. */
export const all: Reduction = reduction('all', (x, a, k) => tfc.all(tfc.cast(x, 'bool'), a, k));
/** True if any element is true. */
export const any: Reduction = reduction('any', (x, a, k) => tfc.any(tfc.cast(x, 'bool'), a, k));
/** Population variance (divides by N, as NumPy and Keras). */
export const variance: Reduction = reduction('variance', (x, a, k) => tfc.moments(x, a, k).variance);
/** Population standard deviation (divides by N, as NumPy and Keras). */
export const std: Reduction = reduction('std', (x, a, k) => tfc.sqrt(tfc.moments(x, a, k).variance));

/** Index of the largest value along `axis` (default 0). */
export function argMax(x: TensorInput, axis = 0): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'argMax');
    return tfc.argMax(t, normalizeAxis(axis, t.rank, 'argMax'));
  });
}

/** Index of the smallest value along `axis` (default 0). */
export function argMin(x: TensorInput, axis = 0): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'argMin');
    return tfc.argMin(t, normalizeAxis(axis, t.rank, 'argMin'));
  });
}

/** Cumulative sum along `axis`. */
export function cumsum(x: TensorInput, axis = 0, exclusive = false, reverse = false): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'cumsum');
    return tfc.cumsum(t, normalizeAxis(axis, t.rank, 'cumsum'), exclusive, reverse);
  });
}
