/**
 * `Masking`: marks the timesteps whose features all equal `maskValue` as
 * padding, and zeroes them.
 */
import { type CallOptions, type Config, registerSerializable, ValueError } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { Layer, type LayerOptions, type Shape } from '../layer.js';

/** Options of {@link Masking}. */
export interface MaskingOptions extends LayerOptions {
  /** A timestep whose features all equal this value is masked (default 0). */
  maskValue?: number;
}

/**
 * Masks padding timesteps, as `keras.layers.Masking`: for inputs
 * `[batch, timesteps, features]`, a timestep is masked when every one of
 * its features equals `maskValue`. `apply` returns the inputs with the
 * masked timesteps set to 0; {@link Masking.computeMask} returns the
 * boolean mask `[batch, timesteps]` (true = keep).
 *
 * Automatic propagation of the mask through a model (to an `LSTM`, a loss,
 * or a metric downstream) comes with the models package; until then, pass
 * the mask on by hand in the call options: `layer.apply(y, { mask })`.
 *
 * @example
 * ```ts
 * const masking = new Masking({ maskValue: 0 });
 * const x = tensor([[[1, 2], [0, 0], [3, 0]]]);
 * masking.apply(x);       // [[[1, 2], [0, 0], [3, 0]]]
 * masking.computeMask(x); // [[true, false, true]]
 * ```
 */
export class Masking extends Layer {
  static override readonly className: string = 'Masking';
  static override readonly configKeys: readonly string[] = [...Layer.configKeys, 'maskValue'];

  readonly maskValue: number;

  constructor(options: MaskingOptions = {}) {
    super(options);
    this.supportsMasking = true;
    const maskValue = options.maskValue ?? 0;
    if (typeof maskValue !== 'number' || Number.isNaN(maskValue)) {
      throw new ValueError(
        `Masking '${this.name}': maskValue must be a number (not NaN), got ${JSON.stringify(maskValue)}.`,
      );
    }
    this.maskValue = maskValue;
  }

  /**
   * 1 where some feature of a timestep differs from `maskValue`, else 0, as
   * `inputs`' dtype with a last axis of 1. The comparison and `any` have zero
   * gradients (registered by the tensors package), so the mask is data to
   * backpropagation.
   */
  private keep(x: Tensor): Tensor {
    return T.cast(T.any(T.notEqual(x, this.maskValue), -1, true), x.dtype);
  }

  private checkRank(inputs: Tensor): void {
    if (inputs.rank < 1) {
      throw new ValueError(
        `Masking '${this.name}': expected inputs of rank >= 1 (usually [batch, timesteps, features]), got shape [].`,
      );
    }
  }

  override call(inputs: Tensor, _options: CallOptions = {}): Tensor {
    this.checkRank(inputs);
    return T.mul(inputs, this.keep(inputs));
  }

  /**
   * The boolean mask of `inputs`, shape `inputs.shape` without the last
   * axis (`[batch, timesteps]` for `[batch, timesteps, features]`): false
   * where every feature equals `maskValue`. The incoming `mask` is ignored,
   * as in Keras. The caller disposes the result.
   *
   * @example
   * ```ts
   * new Masking().computeMask(tensor([[[0, 0], [1, 0]]])); // [[false, true]]
   * ```
   */
  override computeMask(inputs: Tensor, _mask: Tensor | null = null): Tensor {
    this.checkRank(inputs);
    return T.tidy(() => T.cast(T.squeeze(this.keep(inputs), [-1]), 'bool'));
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape];
  }

  override getConfig(): Config {
    return { ...super.getConfig(), maskValue: this.maskValue };
  }
}
registerSerializable(Masking);
