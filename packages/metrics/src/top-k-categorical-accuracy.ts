/**
 * `TopKCategoricalAccuracy` and its per-sample function, plus the `inTopK`
 * test that the sparse variant shares.
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import {
  add,
  argMax,
  cast,
  equal,
  greater,
  greaterEqual,
  isNaN,
  less,
  lessEqual,
  logicalAnd,
  max,
  oneHot,
  ShapeError,
  shapeString,
  sum,
  type Tensor,
  type TensorInput,
  tidy,
  where,
} from '@layerwise/tensors';
import { registerMetricFunction } from './functions.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricOptions } from './metric.js';
import { asFloat, checkSameShape } from './utils.js';

/** Throws a {@link ValueError} unless `k` is an integer >= 1. */
export function checkK(who: string, k: number): void {
  if (!Number.isInteger(k) || k < 1) {
    throw new ValueError(`${who}: k is ${k}. Expected an integer >= 1, the number of top predictions to look at.`);
  }
}

/**
 * 1 where the score of class `targets` is among the `k` largest of
 * `predictions` along the last axis, else 0 (float32, shape `targets.shape`).
 * A class ranks `1 + (number of classes with a strictly higher score)`, so
 * ties at the k-th place all count as in (as TensorFlow's `in_top_k`); a
 * NaN score at the target ranks last, and a target outside
 * `[0, classes)` is never in. `targets` are int32 class IDs of shape
 * `predictions.shape` without its last axis. Runs on the device with no
 * sort and no read-back.
 *
 * @example
 * ```ts
 * inTopK(tensor([2, 1], [2], 'int32'), tensor([[0.1, 0.9, 0.8], [0.05, 0.95, 0]]), 2); // [1, 1]
 * ```
 */
export function inTopK(targets: Tensor, predictions: Tensor, k: number): Tensor {
  return tidy(() => {
    const classes = predictions.shape[predictions.rank - 1];
    const isTarget = equal(oneHot(targets, classes, 1, 0, 'int32'), 1);
    let atTarget = max(where(isTarget, predictions, Number.NEGATIVE_INFINITY), -1, true);
    atTarget = where(isNaN(atTarget), Number.NEGATIVE_INFINITY, atTarget);
    const rank = add(sum(cast(greater(predictions, atTarget), 'float32'), -1), 1);
    const known = logicalAnd(greaterEqual(targets, 0), less(targets, classes));
    return cast(logicalAnd(known, lessEqual(rank, k)), 'float32');
  });
}

/**
 * 1 where the class of the one-hot `yTrue` (its `argMax` along the last
 * axis) is among the `k` highest-scoring classes of `yPred`, else 0 (Keras's
 * `top_k_categorical_accuracy`): shape `yPred.shape` without the class
 * axis. Ties at the k-th place count as in. Logits work as well as
 * probabilities.
 *
 * @example
 * ```ts
 * topKCategoricalAccuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], 1); // [0, 1]
 * ```
 */
export function topKCategoricalAccuracy(yTrue: TensorInput, yPred: TensorInput, k = 5): Tensor {
  checkK('topKCategoricalAccuracy', k);
  return tidy(() => {
    const t = asFloat(yTrue);
    const p = asFloat(yPred);
    checkSameShape('topKCategoricalAccuracy', t, p, 'one-hot targets of the same shape as the predictions');
    if (p.rank < 2) {
      throw new ShapeError(
        `topKCategoricalAccuracy: yPred has shape ${shapeString(p.shape)}; expected [batch, ..., classes] ` +
          '(add a batch axis for a single sample).',
      );
    }
    return inTopK(argMax(t, -1), p, k);
  });
}

/**
 * Options of {@link TopKCategoricalAccuracy}.
 *
 * @example
 * ```ts
 * new TopKCategoricalAccuracy({ k: 3, name: 'top3' });
 * ```
 */
export interface TopKCategoricalAccuracyOptions extends MetricOptions {
  /** How many of the highest-scoring classes count as a hit (default 5). */
  k?: number;
}

/**
 * The (weighted) fraction of samples whose one-hot target's class is among
 * the `k` highest-scoring predicted classes (Keras's
 * `TopKCategoricalAccuracy`, identifier `'top_k_categorical_accuracy'`).
 *
 * @example
 * ```ts
 * const m = new TopKCategoricalAccuracy({ k: 1 });
 * m.updateState([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);             // result 0.5
 * m.resetState();
 * m.updateState([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], [0.7, 0.3]); // result 0.3
 * ```
 */
export class TopKCategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className: string = 'TopKCategoricalAccuracy';
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'k'];

  readonly k: number;

  constructor(options: TopKCategoricalAccuracyOptions = {}) {
    const k = options.k ?? 5;
    checkK('TopKCategoricalAccuracy', k);
    super(
      (yTrue: Tensor, yPred: Tensor) => topKCategoricalAccuracy(yTrue, yPred, k),
      options,
      'top_k_categorical_accuracy',
    );
    this.k = k;
  }

  override getConfig(): Config {
    return { ...super.getConfig(), k: this.k };
  }
}
registerSerializable(TopKCategoricalAccuracy);
registerMetricFunction('top_k_categorical_accuracy', topKCategoricalAccuracy);
