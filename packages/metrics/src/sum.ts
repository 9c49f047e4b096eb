/**
 * `Sum`: the (weighted) sum of the values seen so far.
 */
import { registerSerializable } from '@layerwise/core';
import { assignAdd, identity, sum, type Tensor, type TensorInput, tidy, type Variable } from '@layerwise/tensors';
import { Metric, type MetricOptions } from './metric.js';
import { reduceToSamplewiseValues } from './utils.js';

/**
 * The weighted sum of every value given to `updateState(values, sampleWeight?)`
 * since the last reset (Keras's `Sum`): one state variable, `total`.
 *
 * @example
 * ```ts
 * const s = new Sum();
 * s.updateState([1, 3, 5, 7]);               // result 16
 * s.resetState();
 * s.updateState([1, 3, 5, 7], [1, 1, 0, 0]); // result 4
 * ```
 */
export class Sum extends Metric {
  static override readonly className: string = 'Sum';

  protected readonly total: Variable;

  constructor(options: MetricOptions = {}) {
    super(options, 'sum');
    this.total = this.addWeight('total');
  }

  /** Adds `values` (any shape), each times its weight, to the running sum. */
  override updateState(values: TensorInput, sampleWeight?: TensorInput | null): void {
    tidy(() => {
      const [v] = reduceToSamplewiseValues(values, sampleWeight, sum, 'Sum');
      assignAdd(this.total, sum(v));
    });
  }

  /** The running sum (a copy: the variable itself stays the metric's). */
  result(): Tensor {
    return identity(this.total);
  }
}
registerSerializable(Sum);
