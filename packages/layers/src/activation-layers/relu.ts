/**
 * `ReLU`: rectified linear unit with Keras 3's `maxValue`, `negativeSlope`, `threshold`.
 */
import { type CallOptions, type Config, registerSerializable, ValueError } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import { relu } from '../activations/index.js';
import { Layer, type LayerOptions, type Shape } from '../layer.js';
import { checkRange } from '../layer-utils.js';

/** Options of {@link ReLU}. */
export interface ReLUOptions extends LayerOptions {
  /** Ceiling of the output, >= 0 (default null: none). */
  maxValue?: number | null;
  /** Slope below the threshold, >= 0 (default 0). */
  negativeSlope?: number;
  /** Values at or below it are cut off (default 0). */
  threshold?: number;
}

/**
 * Rectified linear unit layer, as `keras.layers.ReLU`:
 * `min(x, maxValue)` for `x > threshold`, `negativeSlope * (x - threshold)` otherwise.
 *
 * @example
 * ```ts
 * new ReLU({ maxValue: 6, negativeSlope: 0.5 }).apply(tensor([-2, 1, 8])); // [-1, 1, 6]
 * ```
 */
export class ReLU extends Layer {
  static override readonly className: string = 'ReLU';
  static override readonly configKeys: readonly string[] = [
    ...Layer.configKeys,
    'maxValue',
    'negativeSlope',
    'threshold',
  ];

  readonly maxValue: number | null;
  readonly negativeSlope: number;
  readonly threshold: number;

  constructor(options: ReLUOptions = {}) {
    super(options);
    this.supportsMasking = true;
    const where = `ReLU '${this.name}'`;
    this.maxValue =
      options.maxValue === undefined || options.maxValue === null
        ? null
        : checkRange(where, 'maxValue', options.maxValue, 0, Number.POSITIVE_INFINITY);
    this.negativeSlope = checkRange(where, 'negativeSlope', options.negativeSlope ?? 0, 0, Number.POSITIVE_INFINITY);
    const threshold = options.threshold ?? 0;
    if (typeof threshold !== 'number' || !Number.isFinite(threshold)) {
      throw new ValueError(`${where}: threshold must be a finite number, got ${JSON.stringify(threshold)}.`);
    }
    this.threshold = threshold;
  }

  override call(inputs: Tensor, _options: CallOptions = {}): Tensor {
    return relu(inputs, { negativeSlope: this.negativeSlope, maxValue: this.maxValue, threshold: this.threshold });
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape];
  }

  override getConfig(): Config {
    return {
      ...super.getConfig(),
      maxValue: this.maxValue,
      negativeSlope: this.negativeSlope,
      threshold: this.threshold,
    };
  }
}
registerSerializable(ReLU);
