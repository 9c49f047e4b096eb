/**
 * `ELU`: exponential linear unit.
 */
import { type CallOptions, type Config, registerSerializable, ValueError } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import { elu } from '../activations/index.js';
import { Layer, type LayerOptions, type Shape } from '../layer.js';

/** Options of {@link ELU}. */
export interface ELUOptions extends LayerOptions {
  /** Scale of the negative part (default 1). */
  alpha?: number;
}

/**
 * Exponential linear unit layer, as `keras.layers.ELU`:
 * `x` for `x > 0`, `alpha * (exp(x) - 1)` otherwise.
 *
 * @example
 * ```ts
 * new ELU({ alpha: 2 }).apply(tensor([-1, 2])); // [-1.2642, 2]
 * ```
 */
export class ELU extends Layer {
  static override readonly className: string = 'ELU';
  static override readonly configKeys: readonly string[] = [...Layer.configKeys, 'alpha'];

  readonly alpha: number;

  constructor(options: ELUOptions = {}) {
    super(options);
    this.supportsMasking = true;
    const alpha = options.alpha ?? 1;
    if (typeof alpha !== 'number' || !Number.isFinite(alpha)) {
      throw new ValueError(`ELU '${this.name}': alpha must be a finite number, got ${JSON.stringify(alpha)}.`);
    }
    this.alpha = alpha;
  }

  override call(inputs: Tensor, _options: CallOptions = {}): Tensor {
    return elu(inputs, this.alpha);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape];
  }

  override getConfig(): Config {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}
registerSerializable(ELU);
