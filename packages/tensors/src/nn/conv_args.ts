/**
 * The argument checks every convolution starts with (conv, transposed conv,
 * depthwise and separable): ranks and dtypes of x and the kernel, strides and
 * dilation rates, and the input's channel count under its data format.
 */
import type { Tensor } from '../tfjs.js';
import { checkFloat, checkRank, tuple } from './util.js';

/** The layouts a convolution's error messages name: x channels-last, x channels-first, the kernel. */
export type ConvLayouts = readonly [channelsLast: string, channelsFirst: string, kernel: string];

/** The checked common arguments of a convolution of spatial rank `n`. */
export interface ConvArgs {
  /** `n` strides. */
  strides: number[];
  /** `n` dilation rates. */
  dilations: number[];
  /** The channel count of x (axis 1 for channels-first, the last axis otherwise). */
  channels: number;
  /** 'channelsFirst' or 'channelsLast', for error messages. */
  format: 'channelsFirst' | 'channelsLast';
}

/**
 * Checks x (rank `n + 2`, float32, laid out as `layouts` says for `cf`) and
 * the kernel (rank `n + 2`, float32), and expands `options.strides` and
 * `options.dilationRate` to `n` positive integers (default 1), throwing
 * errors that name `op` and the argument.
 *
 * @example
 * ```ts
 * const { strides, channels } = convArgs('conv2d', 2, x, kernel, false, LAYOUTS[2], { strides: 2 });
 * ```
 */
export function convArgs(
  op: string,
  n: number,
  tx: Tensor,
  tk: Tensor,
  cf: boolean,
  layouts: ConvLayouts,
  options: { strides?: number | number[]; dilationRate?: number | number[] },
  kernelArg = 'kernel',
): ConvArgs {
  const [lastLayout, firstLayout, kernelLayout] = layouts;
  checkRank(
    tx,
    n + 2,
    'x',
    op,
    cf ? firstLayout : lastLayout,
    tx.rank === n + 1 ? 'Add a batch dimension with expandDims(x, 0).' : '',
  );
  checkRank(tk, n + 2, kernelArg, op, kernelLayout);
  checkFloat(tx, 'x', op);
  checkFloat(tk, kernelArg, op);
  return {
    strides: tuple(options.strides ?? 1, n, 'strides', op),
    dilations: tuple(options.dilationRate ?? 1, n, 'dilationRate', op),
    channels: tx.shape[cf ? 1 : n + 1],
    format: cf ? 'channelsFirst' : 'channelsLast',
  };
}
