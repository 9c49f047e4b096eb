/**
 * Normalization: batch normalization with given statistics, moments, and
 * local response normalization.
 */
import { normalizeAxis, type TensorInput, toTensor } from '../check.js';
import { ShapeError, shapeString, ValueError } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';
import { checkFloat, checkRank, type DataFormat, isChannelsFirst, moveChannels } from './util.js';

/**
 * Mean and (population) variance over `axes`, as Keras `ops.moments`.
 *
 * @example
 * ```ts
 * const { mean, variance } = moments(x, [0, 1, 2]); // per-channel statistics of NHWC images
 * ```
 */
export function moments(x: TensorInput, axes: number | number[], keepDims = false): { mean: Tensor; variance: Tensor } {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'moments');
    const list = (Array.isArray(axes) ? axes : [axes]).map((a) => normalizeAxis(a, t.rank, 'moments'));
    if (new Set(list).size !== list.length) {
      throw new ValueError(`moments: axes [${axes}] name the same axis twice (x has shape ${shapeString(t.shape)}).`);
    }
    const { mean, variance } = tfc.moments(t, list, keepDims);
    return { mean, variance };
  });
}

/**
 * Brings one statistic to a shape that broadcasts against x: a 1-D tensor of
 * the size of the normalized axis is laid along that axis; anything else must
 * broadcast to x's shape as it is.
 */
function statistic(value: TensorInput, arg: string, x: Tensor, axis: number): Tensor {
  const op = 'batchNormalization';
  const t = toTensor(value, arg, op);
  const channels = x.shape[axis];
  if (t.rank === 1 && x.rank > 1) {
    if (t.shape[0] !== channels && t.shape[0] !== 1) {
      throw new ShapeError(
        `${op}: ${arg} has shape ${shapeString(t.shape)} but x ${shapeString(x.shape)} has ${channels} entries along ` +
          `axis ${axis}. Expected ${arg} of shape [${channels}] (one value per channel), or pass the right axis.`,
      );
    }
    if (axis === x.rank - 1) return t;
    return tfc.reshape(
      t,
      x.shape.map((_, i) => (i === axis ? t.shape[0] : 1)),
    );
  }
  const fits = t.rank <= x.rank && t.shape.every((d, i) => d === 1 || d === x.shape[x.rank - t.rank + i]);
  if (!fits) {
    throw new ShapeError(
      `${op}: ${arg} of shape ${shapeString(t.shape)} does not broadcast to x ${shapeString(x.shape)}. ` +
        `Expected ${arg} of shape [${channels}] (one value per entry of axis ${axis}) or a shape that broadcasts to x's.`,
    );
  }
  return t;
}

/**
 * Normalizes x with given statistics, as Keras `ops.batch_normalization` and
 * the inference path of `BatchNormalization`:
 * `(x - mean) / sqrt(variance + epsilon) * scale + offset`.
 * `mean`, `variance`, `offset` and `scale` are 1-D (one value per entry of
 * `axis`, default the last, channels-last) or broadcast to x. Keras's
 * default epsilon is 1e-3.
 *
 * @example
 * ```ts
 * batchNormalization(x, movingMean, movingVariance, beta, gamma, 1e-3);
 * ```
 */
export function batchNormalization(
  x: TensorInput,
  mean: TensorInput,
  variance: TensorInput,
  offset?: TensorInput | null,
  scale?: TensorInput | null,
  epsilon = 1e-3,
  axis = -1,
): Tensor {
  if (!(epsilon >= 0)) throw new ValueError(`batchNormalization: epsilon must be >= 0, got ${epsilon}.`);
  return tfc.tidy(() => {
    const op = 'batchNormalization';
    const tx = toTensor(x, 'x', op);
    checkFloat(tx, 'x', op);
    const a = normalizeAxis(axis, tx.rank, op);
    const m = statistic(mean, 'mean', tx, a);
    const v = statistic(variance, 'variance', tx, a);
    const o = offset == null ? undefined : statistic(offset, 'offset', tx, a);
    const s = scale == null ? undefined : statistic(scale, 'scale', tx, a);
    const params = [m, v, o, s].filter((p): p is Tensor => p !== undefined);
    if (tx.rank >= 1 && a === tx.rank - 1 && params.every((p) => p.rank === 1 && p.shape[0] === tx.shape[a])) {
      // The fused kernel (FusedBatchNorm): one pass on every backend. A missing
      // offset or scale is passed as zeros or ones: tfjs's tape cannot record a
      // kernel with an undefined input (any gradient computation would throw).
      return tfc.batchNorm(tx, m, v, o ?? tfc.zerosLike(m), s ?? tfc.onesLike(m), epsilon);
    }
    let inv = tfc.rsqrt(tfc.add(v, epsilon));
    if (s !== undefined) inv = tfc.mul(inv, s);
    const y = tfc.mul(tfc.sub(tx, m), inv);
    return o === undefined ? y : tfc.add(y, o);
  });
}

/** Options of {@link localResponseNormalization}. */
export interface LocalResponseNormalizationOptions {
  /** Half-width of the channel window (default 5). */
  depthRadius?: number;
  /** Added to the scaled sum (default 1). */
  bias?: number;
  /** Scale of the sum of squares (default 1). */
  alpha?: number;
  /** Exponent (default 0.5). */
  beta?: number;
  /** 'channelsLast' (default) or 'channelsFirst'. */
  dataFormat?: DataFormat;
}

/**
 * Local response normalization across channels (TensorFlow's
 * `tf.nn.local_response_normalization`, AlexNet): each value is divided by
 * `(bias + alpha * sum of squares over channels c - depthRadius .. c + depthRadius) ^ beta`.
 * Defaults are TensorFlow's (5, 1, 1, 0.5). x is `[batch, height, width, channels]`.
 *
 * @example
 * ```ts
 * localResponseNormalization(images, { depthRadius: 2, bias: 2, alpha: 1e-4, beta: 0.75 });
 * ```
 */
export function localResponseNormalization(x: TensorInput, options: LocalResponseNormalizationOptions = {}): Tensor {
  const op = 'localResponseNormalization';
  const { depthRadius = 5, bias = 1, alpha = 1, beta = 0.5 } = options;
  if (!Number.isInteger(depthRadius) || depthRadius < 0) {
    throw new ValueError(`${op}: depthRadius must be an integer >= 0, got ${depthRadius}.`);
  }
  return tfc.tidy(() => {
    const tx = toTensor(x, 'x', op);
    const cf = isChannelsFirst(options.dataFormat, op);
    checkRank(tx, 4, 'x', op, cf ? '[batch, channels, height, width]' : '[batch, height, width, channels]');
    checkFloat(tx, 'x', op);
    const xl = (cf ? moveChannels(tx) : tx) as Parameters<typeof tfc.localResponseNormalization>[0];
    const y = tfc.localResponseNormalization(xl, depthRadius, bias, alpha, beta);
    return cf ? moveChannels(y, true) : y;
  });
}
