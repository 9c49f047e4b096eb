/**
 * Shared argument handling of the neural-network ops: layouts, paddings,
 * stride and dilation tuples, output sizes, and kernel dilation. Internal:
 * not re-exported from the package.
 */
import { DTypeError, ShapeError, shapeString, ValueError } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';

/** Padding of a convolution or pooling window: none ('valid') or enough to keep `ceil(in / stride)` outputs ('same'). */
export type Padding = 'valid' | 'same';

/** Padding of a 1-D convolution: also 'causal' (left padding only, so output t never sees input after t). */
export type Conv1DPadding = Padding | 'causal';

/**
 * Where the channels axis is: last (`NHWC`, Keras's default) or right after
 * the batch axis (`NCHW`). Keras's snake_case spellings are accepted too.
 */
export type DataFormat = 'channelsLast' | 'channelsFirst' | 'channels_last' | 'channels_first';

/** True for channels-first layouts; throws a {@link ValueError} for an unknown name. */
export function isChannelsFirst(dataFormat: DataFormat | undefined, op: string): boolean {
  if (dataFormat === undefined || dataFormat === 'channelsLast' || dataFormat === 'channels_last') return false;
  if (dataFormat === 'channelsFirst' || dataFormat === 'channels_first') return true;
  throw new ValueError(
    `${op}: unknown dataFormat '${String(dataFormat)}'. Expected 'channelsLast' (default, NHWC) or 'channelsFirst' (NCHW).`,
  );
}

/** Lower-cases and checks a padding name against the allowed ones. */
export function parsePadding<P extends string>(padding: string | undefined, allowed: readonly P[], op: string): P {
  const p = (padding ?? allowed[0]).toLowerCase() as P;
  if (!allowed.includes(p)) {
    throw new ValueError(
      `${op}: unknown padding '${String(padding)}'. Expected one of ${allowed.map((a) => `'${a}'`).join(', ')}.`,
    );
  }
  return p;
}

/**
 * Expands a number or a list to `n` positive integers (strides, dilation
 * rates, pool and kernel sizes), or throws a {@link ValueError} naming the argument.
 */
export function tuple(value: number | readonly number[], n: number, arg: string, op: string, min = 1): number[] {
  const list = typeof value === 'number' ? new Array<number>(n).fill(value) : [...value];
  if (list.length !== n || list.some((v) => !Number.isInteger(v) || v < min)) {
    throw new ValueError(
      `${op}: ${arg} must be an integer >= ${min} or a list of ${n} such integers, got ${JSON.stringify(value)}.`,
    );
  }
  return list;
}

/** Throws a {@link ShapeError} unless `t` has the given rank. */
export function checkRank(t: Tensor, rank: number, arg: string, op: string, layout: string, hint = ''): void {
  if (t.rank !== rank) {
    throw new ShapeError(
      `${op}: ${arg} must have rank ${rank} (${layout}), got shape ${shapeString(t.shape)} of rank ${t.rank}.` +
        (hint ? ` ${hint}` : ''),
    );
  }
}

/** Throws a {@link DTypeError} unless `t` is a float32 tensor (convolutions and pooling need float32). */
export function checkFloat(t: Tensor, arg: string, op: string): void {
  if (t.dtype !== 'float32') {
    throw new DTypeError(
      `${op}: ${arg} must be float32, got ${t.dtype} (shape ${shapeString(t.shape)}). Cast it with cast(${arg}, 'float32').`,
    );
  }
}

/** Moves the channels axis from position 1 to the end (or back with `inverse`). */
export function moveChannels(t: Tensor, inverse = false): Tensor {
  const r = t.rank;
  const perm = inverse
    ? [0, r - 1, ...Array.from({ length: r - 2 }, (_, i) => i + 1)]
    : [0, ...Array.from({ length: r - 2 }, (_, i) => i + 2), 1];
  return tfc.transpose(t, perm);
}

/** The size of a window once dilated: `(k - 1) * d + 1`. */
export function effectiveSize(k: number, dilation: number): number {
  return (k - 1) * dilation + 1;
}

/** Output length of a convolution or pooling window along one axis (TensorFlow's rule). */
export function outputLength(input: number, window: number, stride: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(input / stride) : Math.floor((input - window) / stride) + 1;
}

/**
 * TensorFlow's 'same' padding of each spatial axis as `[before, after]`:
 * `total = max((ceil(in / s) - 1) * s + window - in, 0)`, `before = floor(total / 2)`.
 */
export function samePadding(
  spatial: readonly number[],
  windows: readonly number[],
  strides: readonly number[],
): Array<[number, number]> {
  return spatial.map((size, i) => {
    const total = Math.max((Math.ceil(size / strides[i]) - 1) * strides[i] + windows[i] - size, 0);
    const before = Math.floor(total / 2);
    return [before, total - before];
  });
}

/**
 * Throws a {@link ShapeError} if a 'valid' window does not fit in the input
 * along some spatial axis.
 */
export function checkWindowFits(
  spatial: readonly number[],
  windows: readonly number[],
  padding: Padding,
  op: string,
  what: string,
  xShape: readonly number[],
): void {
  if (padding !== 'valid') return;
  spatial.forEach((size, i) => {
    if (windows[i] > size) {
      throw new ShapeError(
        `${op}: with padding 'valid' the ${what} spans ${windows[i]} along spatial axis ${i}, more than the input's ` +
          `${size} (x has shape ${shapeString(xShape)}). Use padding 'same', a smaller ${what} or a larger input.`,
      );
    }
  });
}

/**
 * True while a gradient is being recorded. Some tfjs backprop kernels are
 * wrong (AvgPoolGrad with 'same' padding, the resize grads), so the ops
 * switch to a formulation with correct gradients only then and keep the fast
 * kernel for inference.
 */
export function isTaping(): boolean {
  return (tfc.engine().state as unknown as { gradientDepth: number }).gradientDepth > 0;
}

/**
 * Inserts `rate - 1` zeros between the taps of a kernel along each of its
 * first `rates.length` axes, so that an undilated convolution with the result
 * equals a dilated one with the original. Built from expandDims, pad, reshape
 * and slice, so it is differentiable on every backend.
 */
export function dilateKernel(kernel: Tensor, rates: readonly number[]): Tensor {
  let k = kernel;
  rates.forEach((rate, axis) => {
    if (rate === 1) return;
    const shape = k.shape;
    const taps = shape[axis];
    const expanded = tfc.expandDims(k, axis + 1);
    const paddings = expanded.shape.map((_, i): [number, number] => (i === axis + 1 ? [0, rate - 1] : [0, 0]));
    const spread = tfc.reshape(tfc.pad(expanded, paddings), [
      ...shape.slice(0, axis),
      taps * rate,
      ...shape.slice(axis + 1),
    ]);
    const begin = shape.map(() => 0);
    const size = shape.map((d, i) => (i === axis ? effectiveSize(taps, rate) : d));
    k = tfc.slice(spread, begin, size);
  });
  return k;
}
