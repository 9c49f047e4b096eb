/**
 * Helpers shared by the gradient functions in this folder. Internal: not
 * re-exported from the package.
 */
import { DTypeError } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';

/** A kernel's gradient as tfjs's registry takes it. */
export type GradConfig = tfc.GradConfig;

/** The attributes a gradient function receives (the kernel's attrs). */
export type Attrs = tfc.NamedAttrMap;

/**
 * Sums a gradient computed at the broadcast output shape back to the shape of
 * the input it belongs to (over the axes along which that input was
 * broadcast), as TensorFlow's `BroadcastGradientArgs` + `reduce_sum` do.
 */
export function reduceToShape(grad: Tensor, shape: readonly number[]): Tensor {
  const axes = tfc.broadcast_util.getReductionAxes([...shape], grad.shape);
  const summed = axes.length > 0 ? tfc.sum(grad, axes) : grad;
  return tfc.util.arraysEqual(summed.shape, [...shape]) ? summed : tfc.reshape(summed, [...shape]);
}

/** Float32 zeros of the given shape: the gradient of an input that the output does not depend on smoothly. */
export function zerosOf(shape: readonly number[]): Tensor {
  return tfc.zeros([...shape], 'float32');
}

/** Expands a dilation (or stride) attribute, a number or a tuple, to `n` numbers. */
export function expand(value: number | readonly number[] | undefined, n: number): number[] {
  if (value === undefined) return new Array<number>(n).fill(1);
  return typeof value === 'number' ? new Array<number>(n).fill(value) : [...value];
}

/**
 * Inserts `rate - 1` zeros between the taps of a convolution filter along
 * each of its first `rates.length` axes. An undilated convolution with the
 * result equals a dilated one with the original filter, which is how the
 * dilated convolution gradients below reuse the backends' undilated
 * backprop kernels (tfjs-backend-cpu's Conv2DBackpropInput/Filter,
 * Conv3DBackprop*V2 and DepthwiseConv2dNativeBackprop* ignore dilations).
 */
export function spreadTaps(filter: Tensor, rates: readonly number[]): Tensor {
  return rates.reduce((k, rate, axis) => (rate === 1 ? k : spreadAlong(k, axis, rate)), filter);
}

/** The inverse of {@link spreadTaps} for a gradient: keeps every `rate`-th entry along each of the first axes. */
export function takeTaps(spread: Tensor, rates: readonly number[]): Tensor {
  if (rates.every((r) => r === 1)) return spread;
  const strides = spread.shape.map((_, i) => (i < rates.length ? rates[i] : 1));
  return tfc.stridedSlice(
    spread,
    spread.shape.map(() => 0),
    spread.shape,
    strides,
  );
}

/**
 * Places `values` at positions `begin, begin + stride, ...` of an axis of
 * length `length` and zeros elsewhere: the adjoint of taking those positions
 * (a strided slice along one axis). `stride` may be negative.
 */
export function scatterStrided(values: Tensor, axis: number, begin: number, stride: number, length: number): Tensor {
  const count = values.shape[axis];
  if (count === 0) {
    return tfc.zeros(
      values.shape.map((d, i) => (i === axis ? length : d)),
      values.dtype,
    );
  }
  let v = values;
  let start = begin;
  let step = stride;
  if (step < 0) {
    // Positions begin, begin - |s|, ...: reversed they increase from the last one.
    v = tfc.reverse(v, axis);
    step = -step;
    start = begin - (count - 1) * step;
  }
  if (step > 1) {
    v = spreadAlong(v, axis, step);
  }
  const span = v.shape[axis];
  if (start === 0 && span === length) return v;
  return tfc.pad(
    v,
    v.shape.map((_, i): [number, number] => (i === axis ? [start, length - start - span] : [0, 0])),
  );
}

/** Inserts `rate - 1` zeros between consecutive entries along one axis. */
function spreadAlong(t: Tensor, axis: number, rate: number): Tensor {
  const shape = t.shape;
  const n = shape[axis];
  const expanded = tfc.expandDims(t, axis + 1);
  const padded = tfc.pad(
    expanded,
    expanded.shape.map((_, i): [number, number] => (i === axis + 1 ? [0, rate - 1] : [0, 0])),
  );
  const flat = tfc.reshape(padded, [...shape.slice(0, axis), n * rate, ...shape.slice(axis + 1)]);
  return tfc.slice(
    flat,
    shape.map(() => 0),
    shape.map((d, i) => (i === axis ? (n - 1) * rate + 1 : d)),
  );
}

/**
 * The error of a gradient that needs the imaginary part of the gradient of a
 * complex64 tensor. tfjs's tape accepts only float32 gradients
 * (backpropagateGradients throws for any other dtype), so the gradient that
 * reaches a complex64 tensor holds only the real part of the true, complex
 * one (see complex.ts).
 */
export function complexGradientError(op: string, rule: string): DTypeError {
  return new DTypeError(
    `Cannot differentiate through ${op}: its gradient (${rule}) needs the imaginary part of the gradient of a ` +
      "complex64 tensor, and tfjs's gradient tape carries only float32 gradients (the real part). Keep the real and " +
      'imaginary parts as float32 tensors while differentiating (e.g. |z| as sqrt(re^2 + im^2)) and build the ' +
      'complex64 tensor after.',
  );
}
