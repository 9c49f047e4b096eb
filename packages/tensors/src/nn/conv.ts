/**
 * Convolutions over 1, 2 and 3 spatial dimensions, with Keras's argument
 * names, layouts (channels-last by default) and kernel shapes
 * (`[...kernelSize, inChannels / groups, filters]`).
 */
import { type TensorInput, toTensor } from '../check.js';
import { ShapeError, shapeString, ValueError } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';
import { type ConvLayouts, convArgs } from './conv_args.js';
import {
  type Conv1DPadding,
  checkWindowFits,
  type DataFormat,
  dilateKernel,
  effectiveSize,
  isChannelsFirst,
  moveChannels,
  type Padding,
  parsePadding,
} from './util.js';

export type { Conv1DPadding, DataFormat, Padding } from './util.js';

/** Options of {@link conv2d} and {@link conv3d}. */
export interface ConvOptions {
  /** Step of the window along each spatial axis (default 1). */
  strides?: number | number[];
  /** 'valid' (default) or 'same'. */
  padding?: Padding;
  /** 'channelsLast' (default) or 'channelsFirst'. */
  dataFormat?: DataFormat;
  /** Spacing between kernel taps (default 1). May be combined with strides > 1. */
  dilationRate?: number | number[];
  /**
   * Number of channel groups (default 1): input channels and filters are
   * split into `groups` blocks, block i of the output sees only block i of
   * the input. The kernel then has `inChannels / groups` input channels.
   */
  groups?: number;
}

/** Options of {@link conv1d}: as {@link ConvOptions}, plus 'causal' padding. */
export interface Conv1DOptions extends Omit<ConvOptions, 'padding'> {
  /** 'valid' (default), 'same', or 'causal' (left padding by `dilationRate * (kernelSize - 1)`). */
  padding?: Conv1DPadding;
}

const LAYOUTS: Record<number, ConvLayouts> = {
  1: ['[batch, steps, channels]', '[batch, channels, steps]', '[kernelSize, inChannels, filters]'],
  2: ['[batch, height, width, channels]', '[batch, channels, height, width]', '[kh, kw, inChannels, filters]'],
  3: [
    '[batch, depth, height, width, channels]',
    '[batch, channels, depth, height, width]',
    '[kd, kh, kw, inChannels, filters]',
  ],
};

/** One undilated-or-natively-dilated convolution of channels-last tensors of spatial rank 2 or 3. */
function nativeConv(x: Tensor, kernel: Tensor, strides: number[], padding: Padding, dilations: number[]): Tensor {
  let k = kernel;
  let d = dilations;
  // tfjs's conv ops reject strides and dilation together: spread the kernel
  // instead (same result).
  if (d.some((r) => r > 1) && strides.some((s) => s > 1)) {
    k = dilateKernel(kernel, d);
    d = d.map(() => 1);
  }
  if (x.rank === 4) {
    return tfc.conv2d(
      x as Parameters<typeof tfc.conv2d>[0],
      k as Parameters<typeof tfc.conv2d>[1],
      strides as [number, number],
      padding,
      'NHWC',
      d as [number, number],
    );
  }
  return tfc.conv3d(
    x as Parameters<typeof tfc.conv3d>[0],
    k as Parameters<typeof tfc.conv3d>[1],
    strides as [number, number, number],
    padding,
    'NDHWC',
    d as [number, number, number],
  );
}

/** Validates and runs a convolution of spatial rank `n`. */
function convN(
  op: string,
  n: 1 | 2 | 3,
  x: TensorInput,
  kernel: TensorInput,
  options: ConvOptions | Conv1DOptions,
): Tensor {
  return tfc.tidy(() => {
    const tx = toTensor(x, 'x', op);
    const tk = toTensor(kernel, 'kernel', op);
    const cf = isChannelsFirst(options.dataFormat, op);
    const kernelLayout = LAYOUTS[n][2];
    const { strides, dilations, channels, format } = convArgs(op, n, tx, tk, cf, LAYOUTS[n], options);
    const groups = options.groups ?? 1;
    if (!Number.isInteger(groups) || groups < 1) {
      throw new ValueError(`${op}: groups must be a positive integer, got ${groups}.`);
    }
    const padding = parsePadding<Conv1DPadding>(
      options.padding,
      n === 1 ? ['valid', 'same', 'causal'] : ['valid', 'same'],
      op,
    );
    const kernelIn = (tk.shape as number[])[n];
    const filters = (tk.shape as number[])[n + 1];
    if (channels !== kernelIn * groups) {
      const expected =
        groups === 1 ? `${kernelIn}` : `kernel.shape[${n}] * groups = ${kernelIn} * ${groups} = ${kernelIn * groups}`;
      throw new ShapeError(
        `${op}: kernel of shape ${shapeString(tk.shape)} expects ${expected} input channels, but x of shape ` +
          `${shapeString(tx.shape)} has ${channels} (${format}). Expected a kernel of shape ` +
          `${kernelLayout.replace('inChannels', String(channels / groups))}; check the kernel's layout and the dataFormat.`,
      );
    }
    if (filters % groups !== 0) {
      throw new ShapeError(
        `${op}: the kernel's ${filters} filters (shape ${shapeString(tk.shape)}) cannot be split into ${groups} groups. ` +
          'Expected the number of filters to be a multiple of groups.',
      );
    }
    const kernelSize = tk.shape.slice(0, n);
    const windows = kernelSize.map((k, i) => effectiveSize(k, dilations[i]));
    let input = cf ? moveChannels(tx) : tx;
    let pad: Padding = padding === 'causal' ? 'valid' : padding;
    if (padding === 'causal') {
      input = tfc.pad(input, [
        [0, 0],
        [windows[0] - 1, 0],
        [0, 0],
      ]);
      pad = 'valid';
    }
    checkWindowFits(
      input.shape.slice(1, n + 1),
      windows,
      pad,
      op,
      dilations.some((d) => d > 1) ? 'dilated kernel' : 'kernel',
      tx.shape,
    );
    // A 1-D convolution runs as a 2-D one over a height of 1.
    const x2 = n === 1 ? tfc.expandDims(input, 1) : input;
    const k2 = n === 1 ? tfc.expandDims(tk, 0) : tk;
    const s2 = n === 1 ? [1, ...strides] : strides;
    const d2 = n === 1 ? [1, ...dilations] : dilations;
    const channelAxis = x2.rank - 1;
    let y: Tensor;
    if (groups === 1) {
      y = nativeConv(x2, k2, s2, pad, d2);
    } else {
      const xs = tfc.split(x2, groups, channelAxis);
      const ks = tfc.split(k2, groups, channelAxis);
      y = tfc.concat(
        xs.map((xi, i) => nativeConv(xi, ks[i], s2, pad, d2)),
        channelAxis,
      );
    }
    if (n === 1) y = tfc.squeeze(y, [1]);
    return cf ? moveChannels(y, true) : y;
  });
}

/**
 * 1-D convolution (Keras `ops.conv` / `Conv1D`): x `[batch, steps, channels]`
 * (or `[batch, channels, steps]` with `dataFormat: 'channelsFirst'`), kernel
 * `[kernelSize, inChannels / groups, filters]`. Padding 'causal' pads the start
 * of the sequence by `dilationRate * (kernelSize - 1)` zeros, so output step t
 * depends only on inputs up to t (as in WaveNet).
 *
 * @example
 * ```ts
 * const y = conv1d(x, kernel, { padding: 'causal', dilationRate: 2 }); // [b, steps, filters]
 * ```
 */
export function conv1d(x: TensorInput, kernel: TensorInput, options: Conv1DOptions = {}): Tensor {
  return convN('conv1d', 1, x, kernel, options);
}

/**
 * 2-D convolution (Keras `ops.conv` / `Conv2D`): x `[batch, height, width,
 * channels]` (NHWC; NCHW with `dataFormat: 'channelsFirst'`), kernel
 * `[kh, kw, inChannels / groups, filters]`. Cross-correlation, as in every
 * deep-learning framework. Strides and dilation may both exceed 1.
 *
 * @example
 * ```ts
 * const y = conv2d(images, kernel, { strides: 2, padding: 'same' }); // [b, ceil(h/2), ceil(w/2), filters]
 * ```
 */
export function conv2d(x: TensorInput, kernel: TensorInput, options: ConvOptions = {}): Tensor {
  return convN('conv2d', 2, x, kernel, options);
}

/**
 * 3-D convolution (Keras `ops.conv` / `Conv3D`): x `[batch, depth, height,
 * width, channels]` (NDHWC; NCDHW with `dataFormat: 'channelsFirst'`), kernel
 * `[kd, kh, kw, inChannels / groups, filters]`.
 *
 * @example
 * ```ts
 * const y = conv3d(volumes, kernel, { padding: 'same' });
 * ```
 */
export function conv3d(x: TensorInput, kernel: TensorInput, options: ConvOptions = {}): Tensor {
  return convN('conv3d', 3, x, kernel, options);
}
