/**
 * `SparseTopKCategoricalAccuracy` and its per-sample function.
 */
import { type Config, registerSerializable } from '@layerwise/core';
import {
  any,
  cast,
  equal,
  expandDims,
  ShapeError,
  shapeString,
  sliceRange,
  squeeze,
  type Tensor,
  type TensorInput,
  tidy,
} from '@layerwise/tensors';
import { registerMetricFunction } from './functions.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricOptions } from './metric.js';
import { checkK, inTopK } from './top-k-categorical-accuracy.js';
import { asTensor } from './utils.js';

/**
 * 1 where the integer class `yTrue` is among the top `k` of `yPred`, else 0
 * (Keras's `sparse_top_k_categorical_accuracy`), shaped like `yPred`
 * without its last axis. `yTrue` has that shape, or that shape with a
 * trailing 1.
 *
 * - `fromSortedIds` false (default): `yPred` holds a score per class; the
 *   target is a hit if at most `k - 1` classes score strictly higher (ties
 *   count as in). Targets outside `[0, classes)` are misses.
 * - `fromSortedIds` true: `yPred` holds class IDs sorted from the highest
 *   score down (`[batch, ..., N]`, `N >= k`); the target is a hit if it is
 *   among the first `k`.
 *
 * @example
 * ```ts
 * sparseTopKCategoricalAccuracy([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], 1);       // [0, 1]
 * sparseTopKCategoricalAccuracy([2, 1], [[1, 0, 3], [1, 2, 3]], 1, true);              // [0, 1]
 * ```
 */
export function sparseTopKCategoricalAccuracy(
  yTrue: TensorInput,
  yPred: TensorInput,
  k = 5,
  fromSortedIds = false,
): Tensor {
  const who = 'sparseTopKCategoricalAccuracy';
  checkK(who, k);
  return tidy(() => {
    let p = asTensor(yPred);
    let t = asTensor(yTrue);
    const trueShape = t.shape;
    if (p.rank >= 1 && t.rank === p.rank && t.shape[t.rank - 1] === 1) t = squeeze(t, -1);
    const batchShape = p.shape.slice(0, -1);
    if (p.rank < 2 || t.rank !== batchShape.length || t.shape.some((d, i) => d !== batchShape[i])) {
      throw new ShapeError(
        `${who}: yTrue has shape ${shapeString(trueShape)} but yPred has shape ${shapeString(p.shape)}. Expected ` +
          `yPred of shape [batch, ..., ${fromSortedIds ? 'N' : 'classes'}] and integer class targets of shape ` +
          `${shapeString(batchShape)} or ${shapeString([...batchShape, 1])}.`,
      );
    }
    if (!fromSortedIds) {
      if (p.dtype !== 'float32') p = cast(p, 'float32');
      return inTopK(t.dtype === 'int32' ? t : cast(t, 'int32'), p, k);
    }
    const n = p.shape[p.rank - 1];
    if (n < k) {
      throw new ShapeError(
        `${who}: yPred holds ${n} sorted class IDs per sample (shape ${shapeString(p.shape)}), fewer than k = ${k}. ` +
          'Expected at least k IDs, or a smaller k.',
      );
    }
    // Compare as int32 when the IDs are int32 (exact for any ID), else as float32.
    const dtype = p.dtype === 'int32' ? 'int32' : 'float32';
    if (p.dtype !== dtype) p = cast(p, dtype);
    if (t.dtype !== dtype) t = cast(t, dtype);
    const top = sliceRange(p, [...batchShape.map(() => 0), 0], [...batchShape.map(() => -1), k]);
    return cast(any(equal(expandDims(t, -1), top), -1), 'float32');
  });
}

/**
 * Options of {@link SparseTopKCategoricalAccuracy}.
 *
 * @example
 * ```ts
 * new SparseTopKCategoricalAccuracy({ k: 10, fromSortedIds: true });
 * ```
 */
export interface SparseTopKCategoricalAccuracyOptions extends MetricOptions {
  /** How many of the highest-scoring classes count as a hit (default 5). */
  k?: number;
  /** Whether `yPred` holds class IDs sorted by score (at least `k` per sample) instead of a score per class (default false). */
  fromSortedIds?: boolean;
}

/**
 * The (weighted) fraction of samples whose integer class target is among
 * the `k` highest-scoring predicted classes (Keras's
 * `SparseTopKCategoricalAccuracy`, identifier
 * `'sparse_top_k_categorical_accuracy'`). With `fromSortedIds`, `yPred`
 * holds the top class IDs in order, as a retrieval model returns them.
 *
 * @example
 * ```ts
 * const m = new SparseTopKCategoricalAccuracy({ k: 1 });
 * m.updateState([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]);             // result 0.5
 * m.resetState();
 * m.updateState([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], [0.7, 0.3]); // result 0.3
 * ```
 */
export class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className: string = 'SparseTopKCategoricalAccuracy';
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'k', 'fromSortedIds'];

  readonly k: number;
  readonly fromSortedIds: boolean;

  constructor(options: SparseTopKCategoricalAccuracyOptions = {}) {
    const k = options.k ?? 5;
    const fromSortedIds = options.fromSortedIds ?? false;
    checkK('SparseTopKCategoricalAccuracy', k);
    super(
      (yTrue: Tensor, yPred: Tensor) => sparseTopKCategoricalAccuracy(yTrue, yPred, k, fromSortedIds),
      options,
      'sparse_top_k_categorical_accuracy',
    );
    this.k = k;
    this.fromSortedIds = fromSortedIds;
  }

  /** `{ name, dtype, k }`, plus `fromSortedIds: true` when set (as Keras writes it). */
  override getConfig(): Config {
    const config: Config = { ...super.getConfig(), k: this.k };
    if (this.fromSortedIds) config.fromSortedIds = true;
    return config;
  }
}
registerSerializable(SparseTopKCategoricalAccuracy);
registerMetricFunction('sparse_top_k_categorical_accuracy', sparseTopKCategoricalAccuracy);
