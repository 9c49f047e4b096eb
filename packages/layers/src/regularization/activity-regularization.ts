/**
 * `ActivityRegularization`: an identity layer that adds an L1/L2 penalty on its input.
 */
import { type CallOptions, type Config, registerSerializable } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { Layer, type LayerOptions, type Shape } from '../layer.js';
import { checkRange } from '../layer-utils.js';
import { L1L2 } from '../regularizers/index.js';

/** Options of {@link ActivityRegularization}. */
export interface ActivityRegularizationOptions extends Omit<LayerOptions, 'activityRegularizer'> {
  /** L1 factor, >= 0 (default 0). */
  l1?: number;
  /** L2 factor, >= 0 (default 0). */
  l2?: number;
}

/**
 * Passes its input through unchanged and, on each call, adds
 * `l1 * sum(|x|) + l2 * sum(x²)` to {@link Layer.losses}, as
 * `keras.layers.ActivityRegularization`.
 *
 * @example
 * ```ts
 * const reg = new ActivityRegularization({ l1: 0.01 });
 * reg.apply(tensor([1, -2])); // [1, -2]; reg.losses: [0.03]
 * ```
 */
export class ActivityRegularization extends Layer {
  static override readonly className: string = 'ActivityRegularization';
  static override readonly configKeys: readonly string[] = [...Layer.configKeys, 'l1', 'l2'];

  readonly l1: number;
  readonly l2: number;

  constructor(options: ActivityRegularizationOptions = {}) {
    const l1 = checkRange('ActivityRegularization', 'l1', options.l1 ?? 0, 0, Number.POSITIVE_INFINITY);
    const l2 = checkRange('ActivityRegularization', 'l2', options.l2 ?? 0, 0, Number.POSITIVE_INFINITY);
    super({ ...options, activityRegularizer: new L1L2({ l1, l2 }) });
    this.supportsMasking = true;
    this.l1 = l1;
    this.l2 = l2;
  }

  override call(inputs: Tensor, _options: CallOptions = {}): Tensor {
    return T.identity(inputs);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape];
  }

  override getConfig(): Config {
    return { ...super.getConfig(), l1: this.l1, l2: this.l2 };
  }
}
registerSerializable(ActivityRegularization);
