/**
 * `CosineSimilarity` and its per-sample function.
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import { maximum, mul, reshape, rsqrt, square, sum, type Tensor, type TensorInput, tidy } from '@layerwise/tensors';
import { registerMetricFunction } from './functions.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricOptions } from './metric.js';
import { asFloat, checkSameShape, squeezeOrExpandToSameRank } from './utils.js';

/** Keras's `backend.epsilon()`, squared as in `ops.normalize` (the floor of the squared norm). */
const EPSILON_SQUARED = 1e-7 * 1e-7;

function checkAxis(who: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ValueError(
      `${who}: axis is ${axis}, but the inputs have rank ${rank}. Expected an integer in [${-rank}, ${rank - 1}] ` +
        '(default -1, the last axis).',
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** `x / max(||x||, 1e-7)` along `axis` (Keras's `ops.normalize(x, axis, order=2)`). */
function l2Normalize(x: Tensor, axis: number): Tensor {
  return mul(x, rsqrt(maximum(sum(square(x), axis, true), EPSILON_SQUARED)));
}

/**
 * The cosine of the angle between `yTrue` and `yPred` along `axis`:
 * `sum(l2Normalize(yTrue) * l2Normalize(yPred), axis)`, from -1 (opposite)
 * to 1 (same direction); the result has the inputs' shape without `axis`
 * (Keras's metric `cosine_similarity`). A zero vector's norm counts as
 * 1e-7, so it has similarity 0. Unlike the loss of the same name, this is
 * the positive cosine: higher is better.
 *
 * @example
 * ```ts
 * cosineSimilarity([[0, 1], [1, 1], [1, 1]], [[1, 0], [1, 1], [-1, -1]]); // [0, 1, -1]
 * ```
 */
export function cosineSimilarity(yTrue: TensorInput, yPred: TensorInput, axis = -1): Tensor {
  return tidy(() => {
    let [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
    checkSameShape('cosineSimilarity', t, p);
    if (p.rank === 0) [t, p] = [reshape(t, [1]), reshape(p, [1])];
    const a = checkAxis('cosineSimilarity', axis, p.rank);
    return sum(mul(l2Normalize(t, a), l2Normalize(p, a)), a);
  });
}

/**
 * Options of {@link CosineSimilarity}.
 *
 * @example
 * ```ts
 * new CosineSimilarity({ axis: 1, name: 'cos' });
 * ```
 */
export interface CosineSimilarityOptions extends MetricOptions {
  /** The axis along which the vectors lie (default -1, the last). */
  axis?: number;
}

/**
 * The (weighted) mean cosine similarity between targets and predictions
 * (Keras's `CosineSimilarity`, identifier `'cosine_similarity'`): per
 * sample `sum(l2Normalize(yTrue) * l2Normalize(yPred), axis)` (averaged over
 * any other non-batch axes), then the weighted mean over samples. Higher is
 * better. Keras leaves `axis` out of its config; Layerwise saves it.
 *
 * @example
 * ```ts
 * const m = new CosineSimilarity({ axis: 1 });
 * m.updateState([[0, 1], [1, 1]], [[1, 0], [1, 1]]);             // result 0.49999997
 * m.resetState();
 * m.updateState([[0, 1], [1, 1]], [[1, 0], [1, 1]], [0.3, 0.7]); // result 0.6999999
 * ```
 */
export class CosineSimilarity extends MeanMetricWrapper {
  static override readonly className: string = 'CosineSimilarity';
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'axis'];

  readonly axis: number;

  constructor(options: CosineSimilarityOptions = {}) {
    const axis = options.axis ?? -1;
    if (!Number.isInteger(axis)) {
      throw new ValueError(`CosineSimilarity: axis is ${axis}; expected an integer such as -1 (the last axis).`);
    }
    super((yTrue: Tensor, yPred: Tensor) => cosineSimilarity(yTrue, yPred, axis), options, 'cosine_similarity');
    this.axis = axis;
  }

  override getConfig(): Config {
    return { ...super.getConfig(), axis: this.axis };
  }
}
registerSerializable(CosineSimilarity);
registerMetricFunction('cosine_similarity', cosineSimilarity);
