/**
 * The common base of {@link BinaryCrossentropy} and
 * {@link CategoricalCrossentropy}: the `fromLogits`, `labelSmoothing` and
 * `axis` options, their checks and their config.
 */
import type { Config } from '@layerwise/core';
import { Loss, type LossOptions } from './loss.js';
import { checkLabelSmoothing } from './utils.js';

/** The options both crossentropies with label smoothing take. */
export interface SmoothedCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /** In [0, 1]: how far targets are squeezed towards uniform (default 0). */
  labelSmoothing?: number;
  /** The axis the crossentropy is taken over (default -1). */
  axis?: number;
}

/**
 * A crossentropy loss with `fromLogits`, `labelSmoothing` and `axis`
 * options; subclasses give `className` and `call`.
 *
 * @example
 * ```ts
 * class MyCrossentropy extends SmoothedCrossentropy {
 *   static override readonly className = 'MyCrossentropy';
 *   call(yTrue: Tensor, yPred: Tensor): Tensor { ... }
 * }
 * ```
 */
export abstract class SmoothedCrossentropy extends Loss {
  static override readonly configKeys: readonly string[] = [
    'name',
    'reduction',
    'fromLogits',
    'labelSmoothing',
    'axis',
  ];

  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;

  /** Reads and checks the options; `defaultName` is the Keras name (`'binary_crossentropy'`). */
  constructor(options: SmoothedCrossentropyOptions & LossOptions, defaultName: string) {
    super(options, defaultName);
    this.fromLogits = options.fromLogits ?? false;
    this.labelSmoothing = options.labelSmoothing ?? 0;
    this.axis = options.axis ?? -1;
    checkLabelSmoothing((this.constructor as typeof SmoothedCrossentropy).className, this.labelSmoothing);
  }

  override getConfig(): Config {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing, axis: this.axis };
  }
}
