/**
 * Transposed convolutions ("deconvolutions") over 1, 2 and 3 spatial
 * dimensions, with Keras's kernel layout `[...kernelSize, filters, inChannels]`
 * and Keras's output-size rule (`deconv_output_length`).
 */
import { type TensorInput, toTensor } from '../check.js';
import { ShapeError, shapeString, ValueError } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';
import { type ConvLayouts, convArgs } from './conv_args.js';
import {
  type DataFormat,
  dilateKernel,
  effectiveSize,
  isChannelsFirst,
  moveChannels,
  outputLength,
  type Padding,
  parsePadding,
  samePadding,
  tuple,
} from './util.js';

/** Options of the transposed convolutions. */
export interface ConvTransposeOptions {
  /** Upsampling factor along each spatial axis (default 1). */
  strides?: number | number[];
  /** 'valid' (default) or 'same' (output length `input * stride`). */
  padding?: Padding;
  /**
   * Extra length added at the end of each spatial axis, each smaller than
   * its stride. Without it the output length is Keras's default:
   * `input * stride` ('same') or `input * stride + max(kernel - stride, 0)` ('valid').
   */
  outputPadding?: number | number[];
  /** 'channelsLast' (default) or 'channelsFirst'. */
  dataFormat?: DataFormat;
  /** Spacing between kernel taps (default 1). */
  dilationRate?: number | number[];
}

const LAYOUTS: Record<number, ConvLayouts> = {
  1: ['[batch, steps, channels]', '[batch, channels, steps]', '[kernelSize, filters, inChannels]'],
  2: ['[batch, height, width, channels]', '[batch, channels, height, width]', '[kh, kw, filters, inChannels]'],
  3: [
    '[batch, depth, height, width, channels]',
    '[batch, channels, depth, height, width]',
    '[kd, kh, kw, filters, inChannels]',
  ],
};

/** Keras's `deconv_output_length` for an already dilated kernel size. */
function deconvLength(input: number, kernel: number, stride: number, padding: Padding, outPad?: number): number {
  if (outPad === undefined) {
    return padding === 'valid' ? input * stride + Math.max(kernel - stride, 0) : input * stride;
  }
  const pad = padding === 'same' ? Math.floor(kernel / 2) : 0;
  return (input - 1) * stride + kernel - 2 * pad + outPad;
}

type Tensor5D = Parameters<typeof tfc.conv3d>[1];

function convTransposeN(
  op: string,
  n: 1 | 2 | 3,
  x: TensorInput,
  kernel: TensorInput,
  options: ConvTransposeOptions,
): Tensor {
  return tfc.tidy(() => {
    const tx = toTensor(x, 'x', op);
    const tk = toTensor(kernel, 'kernel', op);
    const cf = isChannelsFirst(options.dataFormat, op);
    const kernelLayout = LAYOUTS[n][2];
    const { strides, dilations, channels, format } = convArgs(op, n, tx, tk, cf, LAYOUTS[n], options);
    const outPad =
      options.outputPadding === undefined ? undefined : tuple(options.outputPadding, n, 'outputPadding', op, 0);
    outPad?.forEach((p, i) => {
      if (p >= strides[i]) {
        throw new ValueError(
          `${op}: outputPadding [${outPad}] must be smaller than strides [${strides}] on every axis ` +
            `(axis ${i}: ${p} >= ${strides[i]}). Lower outputPadding or raise the stride.`,
        );
      }
    });
    const padding = parsePadding<Padding>(options.padding, ['valid', 'same'], op);
    const kernelIn = (tk.shape as number[])[n + 1];
    const filters = (tk.shape as number[])[n];
    if (channels !== kernelIn) {
      throw new ShapeError(
        `${op}: kernel of shape ${shapeString(tk.shape)} expects ${kernelIn} input channels (its last dimension), but x of shape ` +
          `${shapeString(tx.shape)} has ${channels} (${format}). Expected a kernel of shape ` +
          `${kernelLayout.replace('inChannels', String(channels))}: transposed convolutions put the input channels last.`,
      );
    }
    const xl = cf ? moveChannels(tx) : tx;
    const spatial = xl.shape.slice(1, n + 1);
    const windows = tk.shape.slice(0, n).map((k, i) => effectiveSize(k, dilations[i]));
    const lengths = spatial.map((len, i) => deconvLength(len, windows[i], strides[i], padding, outPad?.[i]));
    lengths.forEach((len, i) => {
      if (len <= 0 || outputLength(len, windows[i], strides[i], padding) !== spatial[i]) {
        throw new ValueError(
          `${op}: an output length of ${len} along spatial axis ${i} (input ${spatial[i]}, kernel ${windows[i]}, ` +
            `stride ${strides[i]}, padding '${padding}', outputPadding ${outPad?.[i]}) is not consistent: a forward ` +
            `convolution of it would not give back ${spatial[i]}. Choose another outputPadding (or leave it out).`,
        );
      }
    });
    const k = dilations.some((d) => d > 1) ? dilateKernel(tk, dilations) : tk;
    // Run the 'valid' transposed convolution at its natural length
    // (in - 1) * stride + window, then crop 'same''s leading padding and pad
    // or crop the end to the requested length. Only 'valid' kernels run, the
    // forward ones and those of the gradient: tfjs-backend-wasm's Conv2D is
    // wrong for 'same' with strides > 1.
    const full = spatial.map((len, i) => (len - 1) * strides[i] + windows[i]);
    const batch = xl.shape[0];
    let y: Tensor;
    if (n === 3) {
      y = tfc.conv3dTranspose(
        xl as Tensor5D,
        k as Tensor5D,
        [batch, full[0], full[1], full[2], filters],
        strides as [number, number, number],
        'valid',
      );
    } else {
      // A 1-D transposed convolution runs as a 2-D one over a height of 1.
      const x2 = (n === 1 ? tfc.expandDims(xl, 1) : xl) as Parameters<typeof tfc.conv2dTranspose>[0];
      const k2 = (n === 1 ? tfc.expandDims(k, 0) : k) as Parameters<typeof tfc.conv2dTranspose>[1];
      const len2 = n === 1 ? [1, full[0]] : full;
      const s2 = (n === 1 ? [1, strides[0]] : strides) as [number, number];
      y = tfc.conv2dTranspose(x2, k2, [batch, len2[0], len2[1], filters], s2, 'valid');
      if (n === 1) y = tfc.squeeze(y, [1]);
    }
    const begin =
      padding === 'same' ? samePadding(lengths, windows, strides).map(([before]) => before) : lengths.map(() => 0);
    const kept = lengths.map((len, i) => Math.min(len, full[i] - begin[i]));
    if (kept.some((len, i) => len !== full[i])) {
      y = tfc.slice(y, [0, ...begin, 0], [-1, ...kept, -1]);
    }
    if (kept.some((len, i) => len < lengths[i])) {
      y = tfc.pad(y, [[0, 0], ...kept.map((len, i): [number, number] => [0, lengths[i] - len]), [0, 0]]);
    }
    return cf ? moveChannels(y, true) : y;
  });
}

/**
 * 1-D transposed convolution (Keras `Conv1DTranspose`): x `[batch, steps,
 * channels]`, kernel `[kernelSize, filters, inChannels]`.
 *
 * @example
 * ```ts
 * conv1dTranspose(zeros([1, 4, 3]), zeros([3, 2, 3]), { strides: 2, padding: 'same' }).shape; // [1, 8, 2]
 * ```
 */
export function conv1dTranspose(x: TensorInput, kernel: TensorInput, options: ConvTransposeOptions = {}): Tensor {
  return convTransposeN('conv1dTranspose', 1, x, kernel, options);
}

/**
 * 2-D transposed convolution (Keras `Conv2DTranspose`, TensorFlow's
 * `conv2d_transpose`): x `[batch, height, width, channels]`, kernel
 * `[kh, kw, filters, inChannels]` (note: filters before input channels, as in Keras).
 *
 * @example
 * ```ts
 * conv2dTranspose(zeros([1, 4, 4, 3]), zeros([3, 3, 8, 3]), { strides: 2 }).shape; // [1, 9, 9, 8]
 * ```
 */
export function conv2dTranspose(x: TensorInput, kernel: TensorInput, options: ConvTransposeOptions = {}): Tensor {
  return convTransposeN('conv2dTranspose', 2, x, kernel, options);
}

/**
 * 3-D transposed convolution (Keras `Conv3DTranspose`): x `[batch, depth,
 * height, width, channels]`, kernel `[kd, kh, kw, filters, inChannels]`.
 *
 * @example
 * ```ts
 * conv3dTranspose(zeros([1, 2, 2, 2, 1]), zeros([2, 2, 2, 4, 1]), { strides: 2, padding: 'same' }).shape; // [1, 4, 4, 4, 4]
 * ```
 */
export function conv3dTranspose(x: TensorInput, kernel: TensorInput, options: ConvTransposeOptions = {}): Tensor {
  return convTransposeN('conv3dTranspose', 3, x, kernel, options);
}
