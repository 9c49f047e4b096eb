/**
 * `BinaryIoU`: intersection over union of thresholded binary predictions.
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import { cast, greaterEqual, type TensorInput, tidy } from '@layerwise/tensors';
import { IoU } from './iou.js';
import type { MetricOptions } from './metric.js';
import { asFloat } from './utils.js';

/**
 * Options of {@link BinaryIoU}.
 *
 * @example
 * ```ts
 * const options: BinaryIoUOptions = { targetClassIds: [1], threshold: 0.3 };
 * ```
 */
export interface BinaryIoUOptions extends MetricOptions {
  /** `[0]`, `[1]` or `[0, 1]` (default): the IoU of class 0, of class 1, or their mean. */
  targetClassIds?: readonly number[];
  /** A prediction at or above it is class 1, below it class 0 (default 0.5). */
  threshold?: number;
}

/**
 * {@link IoU} for binary tasks (Keras's `BinaryIoU`, identifier
 * `'binary_iou'`): predictions (probabilities or logits) become class 1 at
 * or above `threshold` and class 0 below it; targets are 0 or 1. Returns
 * the IoU of the classes in `targetClassIds`, averaged. With `threshold` 0
 * on logits it is the same as `IoU`. Default name `'binary_io_u'`, as Keras
 * names it.
 *
 * @example
 * ```ts
 * const m = new BinaryIoU({ targetClassIds: [0, 1], threshold: 0.3 });
 * m.updateState([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7]);                       // result 0.33333334
 * m.resetState();
 * m.updateState([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7], [0.2, 0.3, 0.4, 0.1]); // result 0.17361112
 * ```
 */
export class BinaryIoU extends IoU {
  static override readonly className: string = 'BinaryIoU';
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'targetClassIds', 'threshold'];

  readonly threshold: number;

  constructor(options: BinaryIoUOptions = {}) {
    const threshold = options.threshold ?? 0.5;
    if (typeof threshold !== 'number' || Number.isNaN(threshold)) {
      throw new ValueError(`BinaryIoU: threshold is ${threshold}; expected a number such as 0.5.`);
    }
    super({
      name: options.name,
      dtype: options.dtype,
      numClasses: 2,
      targetClassIds: options.targetClassIds ?? [0, 1],
    });
    this.threshold = threshold;
  }

  /** Thresholds `yPred` at `threshold` (>= is class 1), then adds the pairs to the confusion matrix. */
  override updateState(yTrue: TensorInput, yPred: TensorInput, sampleWeight?: TensorInput | null): void {
    tidy(() => super.updateState(yTrue, cast(greaterEqual(asFloat(yPred), this.threshold), 'int32'), sampleWeight));
  }

  override getConfig(): Config {
    const { name, dtype, targetClassIds } = super.getConfig();
    return { name, dtype, targetClassIds, threshold: this.threshold };
  }
}
registerSerializable(BinaryIoU);
