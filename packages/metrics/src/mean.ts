/**
 * `Mean`: the (weighted) mean of the values seen so far.
 */
import { registerSerializable } from '@layerwise/core';
import { assignAdd, divNoNan, mean, sum, type Tensor, type TensorInput, tidy, type Variable } from '@layerwise/tensors';
import { Metric, type MetricOptions } from './metric.js';
import { reduceToSamplewiseValues } from './utils.js';

/**
 * The weighted mean of every value given to `updateState(values, sampleWeight?)`
 * since the last reset (Keras's `Mean`): state `total` and `count`, result
 * `total / count` (0 before any update). A sample weight weighs whole
 * samples: values of shape `[batch, ...]` are averaged to one per sample
 * first, then `total += sum(w * v)` and `count += sum(w)`.
 *
 * @example
 * ```ts
 * const m = new Mean();
 * m.updateState([1, 3, 5, 7]);                        // result 4
 * m.resetState();
 * m.updateState([1, 3, 5, 7], [1, 1, 0, 0]);          // result 2
 * ```
 */
export class Mean extends Metric {
  static override readonly className: string = 'Mean';

  protected readonly total: Variable;
  protected readonly count: Variable;

  constructor(options: MetricOptions = {}, defaultName = 'mean') {
    super(options, defaultName);
    this.total = this.addWeight('total');
    this.count = this.addWeight('count');
  }

  /** Adds `values` (any shape) with optional weights to the running mean. */
  override updateState(values: TensorInput, sampleWeight?: TensorInput | null): void {
    tidy(() => this.accumulate(values, sampleWeight));
  }

  /** `updateState`'s work, for subclasses that compute the values first. Call inside `tidy`. */
  protected accumulate(values: TensorInput, sampleWeight?: TensorInput | null): void {
    const who = (this.constructor as { className?: string }).className ?? 'Mean';
    const [v, w] = reduceToSamplewiseValues(values, sampleWeight, mean, who);
    assignAdd(this.total, sum(v));
    const n: Tensor | number = w !== undefined ? sum(w) : v.rank >= 1 ? v.shape[0] : 1;
    assignAdd(this.count, n);
  }

  /** `total / count`, or 0 while `count` is 0. */
  result(): Tensor {
    return divNoNan(this.total, this.count);
  }
}
registerSerializable(Mean);
