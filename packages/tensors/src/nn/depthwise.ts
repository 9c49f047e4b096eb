/**
 * Depthwise and separable convolutions (Keras `DepthwiseConv1D/2D`,
 * `SeparableConv1D/2D`): each input channel is convolved with its own
 * `depthMultiplier` filters, given by the kernel shape `[...kernelSize, inChannels, depthMultiplier]`.
 */
import { type TensorInput, toTensor } from '../check.js';
import { ShapeError, shapeString } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';
import { type ConvLayouts, convArgs } from './conv_args.js';
import {
  checkFloat,
  checkWindowFits,
  type DataFormat,
  dilateKernel,
  effectiveSize,
  isChannelsFirst,
  moveChannels,
  type Padding,
  parsePadding,
} from './util.js';

/** Options of the depthwise and separable convolutions. */
export interface DepthwiseConvOptions {
  /** Step of the window along each spatial axis (default 1). */
  strides?: number | number[];
  /** 'valid' (default) or 'same'. */
  padding?: Padding;
  /** 'channelsLast' (default) or 'channelsFirst'. */
  dataFormat?: DataFormat;
  /** Spacing between kernel taps (default 1). May be combined with strides > 1. */
  dilationRate?: number | number[];
}

const LAYOUTS: Record<1 | 2, ConvLayouts> = {
  1: ['[batch, steps, channels]', '[batch, channels, steps]', '[kernelSize, inChannels, depthMultiplier]'],
  2: ['[batch, height, width, channels]', '[batch, channels, height, width]', '[kh, kw, inChannels, depthMultiplier]'],
};

type Tensor4D = Parameters<typeof tfc.depthwiseConv2d>[1];

/** Depthwise convolution of channels-last tensors; returns channels-last. */
function depthwiseCore(
  op: string,
  n: 1 | 2,
  tx: Tensor,
  tk: Tensor,
  options: DepthwiseConvOptions,
  cf: boolean,
  kernelArg = 'kernel',
): Tensor {
  const kernelLayout = LAYOUTS[n][2];
  const { strides, dilations, channels, format } = convArgs(op, n, tx, tk, cf, LAYOUTS[n], options, kernelArg);
  const padding = parsePadding<Padding>(options.padding, ['valid', 'same'], op);
  if (tk.shape[n] !== channels) {
    throw new ShapeError(
      `${op}: ${kernelArg} of shape ${shapeString(tk.shape)} is for ${tk.shape[n]} input channels, but x of shape ` +
        `${shapeString(tx.shape)} has ${channels} (${format}). Expected ${kernelArg} of shape ` +
        `${kernelLayout.replace('inChannels', String(channels))}.`,
    );
  }
  const xl = cf ? moveChannels(tx) : tx;
  const windows = tk.shape.slice(0, n).map((k, i) => effectiveSize(k, dilations[i]));
  checkWindowFits(xl.shape.slice(1, n + 1), windows, padding, op, kernelArg, tx.shape);
  const x4 = n === 1 ? tfc.expandDims(xl, 1) : xl;
  let k4 = n === 1 ? tfc.expandDims(tk, 0) : tk;
  const s2 = (n === 1 ? [1, ...strides] : strides) as [number, number];
  let d2 = (n === 1 ? [1, ...dilations] : dilations) as [number, number];
  // tfjs's depthwiseConv2d rejects strides and dilation together: spread the
  // kernel instead (same result).
  if (d2.some((d) => d > 1) && s2.some((s) => s > 1)) {
    k4 = dilateKernel(k4, d2);
    d2 = [1, 1];
  }
  const y = tfc.depthwiseConv2d(x4 as Tensor4D, k4 as Tensor4D, s2, padding, 'NHWC', d2);
  return n === 1 ? tfc.squeeze(y, [1]) : y;
}

function depthwiseN(op: string, n: 1 | 2, x: TensorInput, kernel: TensorInput, options: DepthwiseConvOptions): Tensor {
  return tfc.tidy(() => {
    const cf = isChannelsFirst(options.dataFormat, op);
    const y = depthwiseCore(op, n, toTensor(x, 'x', op), toTensor(kernel, 'kernel', op), options, cf);
    return cf ? moveChannels(y, true) : y;
  });
}

function separableN(
  op: string,
  n: 1 | 2,
  x: TensorInput,
  depthwiseKernel: TensorInput,
  pointwiseKernel: TensorInput,
  options: DepthwiseConvOptions,
): Tensor {
  return tfc.tidy(() => {
    const cf = isChannelsFirst(options.dataFormat, op);
    const tp = toTensor(pointwiseKernel, 'pointwiseKernel', op);
    const td = toTensor(depthwiseKernel, 'depthwiseKernel', op);
    const y = depthwiseCore(op, n, toTensor(x, 'x', op), td, options, cf, 'depthwiseKernel');
    const mid = y.shape[y.rank - 1];
    const ok = tp.rank === n + 2 && tp.shape.slice(0, n).every((d) => d === 1) && tp.shape[n] === mid;
    if (!ok) {
      const want = n === 1 ? `[1, ${mid}, filters]` : `[1, 1, ${mid}, filters]`;
      throw new ShapeError(
        `${op}: pointwiseKernel must have shape ${want} (inChannels * depthMultiplier = ${mid} input channels), ` +
          `got ${shapeString(tp.shape)}. The depthwise kernel has shape ${shapeString(td.shape)}.`,
      );
    }
    checkFloat(tp, 'pointwiseKernel', op);
    const y4 = (n === 1 ? tfc.expandDims(y, 1) : y) as Tensor4D;
    const p4 = (n === 1 ? tfc.expandDims(tp, 0) : tp) as Tensor4D;
    let out: Tensor = tfc.conv2d(y4, p4, 1, 'valid');
    if (n === 1) out = tfc.squeeze(out, [1]);
    return cf ? moveChannels(out, true) : out;
  });
}

/**
 * 1-D depthwise convolution (Keras `DepthwiseConv1D`): x `[batch, steps,
 * channels]`, kernel `[kernelSize, channels, depthMultiplier]`; the output has
 * `channels * depthMultiplier` channels.
 *
 * @example
 * ```ts
 * depthwiseConv1d(zeros([1, 8, 3]), zeros([3, 3, 2]), { padding: 'same' }).shape; // [1, 8, 6]
 * ```
 */
export function depthwiseConv1d(x: TensorInput, kernel: TensorInput, options: DepthwiseConvOptions = {}): Tensor {
  return depthwiseN('depthwiseConv1d', 1, x, kernel, options);
}

/**
 * 2-D depthwise convolution (Keras `DepthwiseConv2D`, `ops.depthwise_conv`):
 * x `[batch, height, width, channels]`, kernel `[kh, kw, channels,
 * depthMultiplier]`; output channel `c * depthMultiplier + m` is input channel
 * c convolved with `kernel[:, :, c, m]`.
 *
 * @example
 * ```ts
 * depthwiseConv2d(zeros([1, 5, 5, 3]), zeros([3, 3, 3, 2])).shape; // [1, 3, 3, 6]
 * ```
 */
export function depthwiseConv2d(x: TensorInput, kernel: TensorInput, options: DepthwiseConvOptions = {}): Tensor {
  return depthwiseN('depthwiseConv2d', 2, x, kernel, options);
}

/**
 * 1-D separable convolution (Keras `SeparableConv1D`): a depthwise
 * convolution with `depthwiseKernel` `[kernelSize, channels, depthMultiplier]`
 * followed by a pointwise one with `pointwiseKernel` `[1, channels * depthMultiplier, filters]`.
 *
 * @example
 * ```ts
 * separableConv1d(zeros([1, 8, 3]), zeros([3, 3, 1]), zeros([1, 3, 16])).shape; // [1, 6, 16]
 * ```
 */
export function separableConv1d(
  x: TensorInput,
  depthwiseKernel: TensorInput,
  pointwiseKernel: TensorInput,
  options: DepthwiseConvOptions = {},
): Tensor {
  return separableN('separableConv1d', 1, x, depthwiseKernel, pointwiseKernel, options);
}

/**
 * 2-D separable convolution (Keras `SeparableConv2D`, `ops.separable_conv`):
 * a depthwise convolution with `depthwiseKernel` `[kh, kw, channels,
 * depthMultiplier]` followed by a 1x1 convolution with `pointwiseKernel`
 * `[1, 1, channels * depthMultiplier, filters]`.
 *
 * @example
 * ```ts
 * separableConv2d(zeros([1, 5, 5, 3]), zeros([3, 3, 3, 1]), zeros([1, 1, 3, 8]), { padding: 'same' }).shape; // [1, 5, 5, 8]
 * ```
 */
export function separableConv2d(
  x: TensorInput,
  depthwiseKernel: TensorInput,
  pointwiseKernel: TensorInput,
  options: DepthwiseConvOptions = {},
): Tensor {
  return separableN('separableConv2d', 2, x, depthwiseKernel, pointwiseKernel, options);
}
