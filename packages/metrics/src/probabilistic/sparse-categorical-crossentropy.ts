/**
 * `SparseCategoricalCrossentropy` (the metric): the running mean of the
 * sparse categorical crossentropy.
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import { sparseCategoricalCrossentropy } from '@layerwise/losses';
import {
  cast,
  mul,
  notEqual,
  reshape,
  ShapeError,
  shapeString,
  type Tensor,
  type TensorInput,
  tidy,
} from '@layerwise/tensors';
import { registerMetricFunction } from '../functions.js';
import { MeanMetricWrapper } from '../mean-metric-wrapper.js';
import type { MetricOptions } from '../metric.js';
import { asFloat, asTensor, squeezeOrExpandToSameRank } from '../utils.js';
import { checkAxis, checkFromLogits } from './checks.js';

/**
 * Options of the {@link SparseCategoricalCrossentropy} metric.
 *
 * @example
 * ```ts
 * new SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: 255 });
 * ```
 */
export interface SparseCategoricalCrossentropyOptions extends MetricOptions {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /**
   * A class id whose entries count as 0 (e.g. -1 or 255 for "void" pixels);
   * see {@link SparseCategoricalCrossentropy} for how they are averaged.
   * Default none.
   */
  ignoreClass?: number | null;
  /** The class axis of `yPred` (default -1). */
  axis?: number;
}

/**
 * Keras's `apply_mask(sampleWeight, mask, reduction='sum')`: the weights
 * times the 0/1 mask. A trailing dimension of 1 on either side is squeezed
 * or added as Keras does; a weight of lower rank than the mask (one weight
 * per sample for a mask per entry) gets trailing axes of 1, so it weighs
 * whole samples.
 */
function maskWeights(sampleWeight: TensorInput, mask: Tensor): Tensor {
  const given = asFloat(sampleWeight);
  let [m, w] = squeezeOrExpandToSameRank(mask, given);
  if (w.rank < m.rank) w = reshape(w, [...w.shape, ...Array(m.rank - w.rank).fill(1)]);
  else if (m.rank < w.rank) m = reshape(m, [...m.shape, ...Array(w.rank - m.rank).fill(1)]);
  if (w.shape.some((d, i) => d !== 1 && m.shape[i] !== 1 && d !== m.shape[i])) {
    throw new ShapeError(
      `SparseCategoricalCrossentropy: sampleWeight has shape ${shapeString(given.shape)}, which does not fit the ` +
        `per-sample values of shape ${shapeString(mask.shape)}. Expected a scalar, one weight per sample ([batch] ` +
        'or [batch, 1]) or a shape that broadcasts to the values.',
    );
  }
  return mul(w, m);
}

/**
 * The (weighted) mean crossentropy between integer class ids and predicted
 * class probabilities or logits (Keras's metric
 * `SparseCategoricalCrossentropy`, identifier
 * `'sparse_categorical_crossentropy'`): per sample
 * `sparseCategoricalCrossentropy(yTrue, yPred)` from `@layerwise/losses`,
 * then the weighted mean over samples. Lower is better. For one-hot
 * targets use {@link CategoricalCrossentropy}. It shares its class name
 * with the loss; it is saved under the `'metrics'` module, the loss under
 * `'losses'`.
 *
 * With `ignoreClass`, entries whose target is that class have value 0.
 * Exactly as in Keras 3, they still count in the denominator when no
 * sample weight is given (targets `[0, 1, 2]` with `ignoreClass: 0` average
 * over 3), while with a sample weight their weight becomes 0, so they drop
 * out of the average (Keras applies the loss's mask to sample weights only).
 * To leave them out in both cases, pass a sample weight of ones.
 *
 * @example
 * ```ts
 * const m = new SparseCategoricalCrossentropy();
 * m.updateState([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]);             // result 1.1769392
 * m.resetState();
 * m.updateState([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], [0.3, 0.7]); // result 1.6271976
 * ```
 */
export class SparseCategoricalCrossentropy extends MeanMetricWrapper {
  static override readonly className: string = 'SparseCategoricalCrossentropy';
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'fromLogits', 'ignoreClass', 'axis'];

  readonly fromLogits: boolean;
  readonly ignoreClass: number | null;
  readonly axis: number;

  constructor(options: SparseCategoricalCrossentropyOptions = {}) {
    const fromLogits = checkFromLogits('SparseCategoricalCrossentropy', options.fromLogits);
    const axis = checkAxis('SparseCategoricalCrossentropy', options.axis);
    const ignoreClass = options.ignoreClass ?? null;
    if (ignoreClass !== null && !Number.isInteger(ignoreClass)) {
      throw new ValueError(
        `SparseCategoricalCrossentropy: ignoreClass is ${JSON.stringify(options.ignoreClass)}; ` +
          'expected an integer class id or null.',
      );
    }
    super(
      (yTrue: Tensor, yPred: Tensor) => sparseCategoricalCrossentropy(yTrue, yPred, { fromLogits, ignoreClass, axis }),
      options,
      'sparse_categorical_crossentropy',
    );
    this.fromLogits = fromLogits;
    this.ignoreClass = ignoreClass;
    this.axis = axis;
  }

  /**
   * Adds the per-sample crossentropy, weighted by `sampleWeight`, to the
   * running mean; with `ignoreClass` and a sample weight, the ignored
   * entries' weights are 0 (see the class).
   */
  override updateState(yTrue: TensorInput, yPred: TensorInput, sampleWeight?: TensorInput | null): void {
    const ignoreClass = this.ignoreClass;
    if (ignoreClass === null || sampleWeight === undefined || sampleWeight === null) {
      super.updateState(yTrue, yPred, sampleWeight);
      return;
    }
    tidy(() => {
      const t = asTensor(yTrue);
      const values = this.fn(t, asTensor(yPred));
      // The loss checked that yTrue has one id per value (with an optional trailing 1).
      const mask = cast(reshape(notEqual(t, ignoreClass), values.shape), 'float32');
      this.accumulate(values, maskWeights(sampleWeight, mask));
    });
  }

  /** `{ name, dtype, fromLogits, ignoreClass, axis }`, as Keras's config in camelCase. */
  override getConfig(): Config {
    return { ...super.getConfig(), fromLogits: this.fromLogits, ignoreClass: this.ignoreClass, axis: this.axis };
  }
}
registerSerializable(SparseCategoricalCrossentropy);
registerMetricFunction('sparse_categorical_crossentropy', sparseCategoricalCrossentropy);
