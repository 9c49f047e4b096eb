/**
 * Max and average pooling over 1, 2 and 3 spatial dimensions, and global
 * pooling. As in Keras (and TensorFlow), 'same' average pooling divides each
 * window by the number of input cells it covers, leaving padded cells out of
 * the average.
 */
import { normalizeAxis, type TensorInput, toTensor } from '../check.js';
import { ShapeError, shapeString } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';
import {
  checkFloat,
  checkRank,
  checkWindowFits,
  type DataFormat,
  isChannelsFirst,
  moveChannels,
  type Padding,
  parsePadding,
  tuple,
} from './util.js';

/** Options of the pooling ops. */
export interface PoolOptions {
  /** Step of the window (default: the pool size, as in Keras). */
  strides?: number | number[];
  /** 'valid' (default) or 'same'. */
  padding?: Padding;
  /** 'channelsLast' (default) or 'channelsFirst'. */
  dataFormat?: DataFormat;
}

type Tensor4D = Parameters<typeof tfc.maxPool>[0];
type Tensor5D = Parameters<typeof tfc.maxPool3d>[0];

const LAYOUTS: Record<number, [string, string]> = {
  1: ['[batch, steps, channels]', '[batch, channels, steps]'],
  2: ['[batch, height, width, channels]', '[batch, channels, height, width]'],
  3: ['[batch, depth, height, width, channels]', '[batch, channels, depth, height, width]'],
};

/** Runs tfjs's pooling kernel on a channels-last tensor of spatial rank 1, 2 or 3. */
function nativePool(kind: 'max' | 'avg', xl: Tensor, pool: number[], strides: number[], padding: Padding): Tensor {
  const n = pool.length;
  if (n === 3) {
    const f = kind === 'max' ? tfc.maxPool3d : tfc.avgPool3d;
    return f(xl as Tensor5D, pool as [number, number, number], strides as [number, number, number], padding);
  }
  const f = kind === 'max' ? tfc.maxPool : tfc.avgPool;
  const x4 = (n === 1 ? tfc.expandDims(xl, 1) : xl) as Tensor4D;
  const p2 = (n === 1 ? [1, pool[0]] : pool) as [number, number];
  const s2 = (n === 1 ? [1, strides[0]] : strides) as [number, number];
  const y = f(x4, p2, s2, padding);
  return n === 1 ? tfc.squeeze(y, [1]) : y;
}

function poolN(
  op: string,
  kind: 'max' | 'avg',
  n: 1 | 2 | 3,
  x: TensorInput,
  poolSize: number | number[],
  options: PoolOptions,
): Tensor {
  return tfc.tidy(() => {
    const tx = toTensor(x, 'x', op);
    const cf = isChannelsFirst(options.dataFormat, op);
    checkRank(
      tx,
      n + 2,
      'x',
      op,
      LAYOUTS[n][cf ? 1 : 0],
      tx.rank === n + 1 ? 'Add a batch dimension with expandDims(x, 0).' : '',
    );
    checkFloat(tx, 'x', op);
    const pool = tuple(poolSize, n, 'poolSize', op);
    const strides = tuple(options.strides ?? pool, n, 'strides', op);
    const padding = parsePadding<Padding>(options.padding, ['valid', 'same'], op);
    const xl = cf ? moveChannels(tx) : tx;
    checkWindowFits(xl.shape.slice(1, n + 1), pool, padding, op, 'pool window', tx.shape);
    const y = nativePool(kind, xl, pool, strides, padding);
    return cf ? moveChannels(y, true) : y;
  });
}

/**
 * 1-D max pooling (Keras `MaxPooling1D`): x `[batch, steps, channels]`.
 *
 * @example
 * ```ts
 * maxPool1d(tensor([[[1], [3], [2], [5]]]), 2); // [[[3], [5]]]
 * ```
 */
export function maxPool1d(x: TensorInput, poolSize: number | number[] = 2, options: PoolOptions = {}): Tensor {
  return poolN('maxPool1d', 'max', 1, x, poolSize, options);
}

/**
 * 2-D max pooling (Keras `MaxPooling2D`): x `[batch, height, width, channels]`.
 *
 * @example
 * ```ts
 * maxPool2d(images, 2, { padding: 'same' }); // halves height and width (rounding up)
 * ```
 */
export function maxPool2d(x: TensorInput, poolSize: number | number[] = 2, options: PoolOptions = {}): Tensor {
  return poolN('maxPool2d', 'max', 2, x, poolSize, options);
}

/**
 * 3-D max pooling (Keras `MaxPooling3D`): x `[batch, depth, height, width, channels]`.
 *
 * @example
 * ```ts
 * maxPool3d(volumes, [1, 2, 2]);
 * ```
 */
export function maxPool3d(x: TensorInput, poolSize: number | number[] = 2, options: PoolOptions = {}): Tensor {
  return poolN('maxPool3d', 'max', 3, x, poolSize, options);
}

/**
 * 1-D average pooling (Keras `AveragePooling1D`): x `[batch, steps, channels]`.
 * With 'same' padding, padded cells are left out of the average.
 *
 * @example
 * ```ts
 * avgPool1d(tensor([[[1], [3], [2], [5]]]), 2); // [[[2], [3.5]]]
 * ```
 */
export function avgPool1d(x: TensorInput, poolSize: number | number[] = 2, options: PoolOptions = {}): Tensor {
  return poolN('avgPool1d', 'avg', 1, x, poolSize, options);
}

/**
 * 2-D average pooling (Keras `AveragePooling2D`): x `[batch, height, width,
 * channels]`. With 'same' padding, padded cells are left out of the average
 * (an edge window of 2 real cells divides by 2, not by the pool area).
 *
 * @example
 * ```ts
 * avgPool2d(images, 3, { strides: 1, padding: 'same' });
 * ```
 */
export function avgPool2d(x: TensorInput, poolSize: number | number[] = 2, options: PoolOptions = {}): Tensor {
  return poolN('avgPool2d', 'avg', 2, x, poolSize, options);
}

/**
 * 3-D average pooling (Keras `AveragePooling3D`): x `[batch, depth, height,
 * width, channels]`. With 'same' padding, padded cells are left out of the average.
 *
 * @example
 * ```ts
 * avgPool3d(volumes, 2, { padding: 'same' });
 * ```
 */
export function avgPool3d(x: TensorInput, poolSize: number | number[] = 2, options: PoolOptions = {}): Tensor {
  return poolN('avgPool3d', 'avg', 3, x, poolSize, options);
}

/** Options of {@link globalMaxPool} and {@link globalAvgPool}. */
export interface GlobalPoolOptions {
  /** 'channelsLast' (default) or 'channelsFirst': decides which axes are spatial. */
  dataFormat?: DataFormat;
  /** Keep the pooled axes with size 1 (Keras's `keepdims`, default false). */
  keepDims?: boolean;
  /** Pool over these axes instead of every spatial axis. */
  axes?: number[];
}

function globalPool(op: string, kind: 'max' | 'avg', x: TensorInput, options: GlobalPoolOptions): Tensor {
  return tfc.tidy(() => {
    const tx = toTensor(x, 'x', op);
    const cf = isChannelsFirst(options.dataFormat, op);
    let axes: number[];
    if (options.axes !== undefined) {
      axes = options.axes.map((a) => normalizeAxis(a, tx.rank, op));
    } else {
      if (tx.rank < 3) {
        throw new ShapeError(
          `${op}: x must have rank >= 3 ([batch, ...spatial, channels]), got shape ${shapeString(tx.shape)}. ` +
            'Add the missing batch or channel axis with expandDims, or pass axes.',
        );
      }
      axes = Array.from({ length: tx.rank - 2 }, (_, i) => (cf ? i + 2 : i + 1));
    }
    const keep = options.keepDims ?? false;
    return kind === 'max' ? tfc.max(tx, axes, keep) : tfc.mean(tx, axes, keep);
  });
}

/**
 * Maximum over every spatial axis (Keras `GlobalMaxPooling1D/2D/3D`):
 * `[batch, ...spatial, channels]` becomes `[batch, channels]`.
 *
 * @example
 * ```ts
 * globalMaxPool(zeros([2, 5, 5, 3])).shape; // [2, 3]
 * ```
 */
export function globalMaxPool(x: TensorInput, options: GlobalPoolOptions = {}): Tensor {
  return globalPool('globalMaxPool', 'max', x, options);
}

/**
 * Mean over every spatial axis (Keras `GlobalAveragePooling1D/2D/3D`):
 * `[batch, ...spatial, channels]` becomes `[batch, channels]`.
 *
 * @example
 * ```ts
 * globalAvgPool(zeros([2, 5, 5, 3]), { keepDims: true }).shape; // [2, 1, 1, 3]
 * ```
 */
export function globalAvgPool(x: TensorInput, options: GlobalPoolOptions = {}): Tensor {
  return globalPool('globalAvgPool', 'avg', x, options);
}
