/**
 * `LogCoshError` and its per-sample function.
 */
import { registerSerializable } from '@layerwise/core';
import { add, mean, mul, softplus, sub, type Tensor, type TensorInput, tidy } from '@layerwise/tensors';
import { registerMetricFunction } from './functions.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricOptions } from './metric.js';
import { asFloat, checkSameShape, squeezeOrExpandToSameRank } from './utils.js';

/**
 * `mean(log(cosh(yPred - yTrue)))` over the last axis, one value per sample
 * (Keras's `log_cosh`), computed as `x + softplus(-2x) - log(2)` so that
 * large errors do not overflow. About `x^2 / 2` for small errors and
 * `|x| - log(2)` for large ones.
 *
 * @example
 * ```ts
 * logCosh([[0, 1], [0, 0]], [[1, 1], [0, 0]]); // [0.2169, 0]
 * ```
 */
export function logCosh(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return tidy(() => {
    const [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
    checkSameShape('logCosh', t, p);
    const x = sub(p, t);
    return mean(sub(add(x, softplus(mul(x, -2))), Math.LN2), -1);
  });
}

/**
 * The (weighted) mean of the logarithm of the hyperbolic cosine of the
 * prediction error (Keras's `LogCoshError`, identifier `'logcosh'`): per
 * sample `mean(log(cosh(yPred - yTrue)))` over the last axis, then the
 * weighted mean over samples.
 *
 * @example
 * ```ts
 * const m = new LogCoshError();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]);         // result 0.10844523
 * m.resetState();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]], [1, 0]); // result 0.21689045
 * ```
 */
export class LogCoshError extends MeanMetricWrapper {
  static override readonly className: string = 'LogCoshError';
  static override readonly configKeys: readonly string[] = ['name', 'dtype'];

  constructor(options: MetricOptions = {}) {
    super(logCosh, options, 'logcosh');
  }
}
registerSerializable(LogCoshError);
// 'logcosh', 'log_cosh' and 'logCosh' are one identifier.
registerMetricFunction('logcosh', logCosh);
