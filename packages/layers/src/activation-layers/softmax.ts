/**
 * `Softmax`: softmax along an axis, with an optional mask.
 */
import { type CallOptions, type Config, registerSerializable, ShapeError, ValueError } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { Layer, type LayerOptions, type Shape } from '../layer.js';
import { shapeText } from '../layer-utils.js';

/** Options of {@link Softmax}. */
export interface SoftmaxOptions extends LayerOptions {
  /** The axis to normalize over (default -1, the last; negative counts from the end). */
  axis?: number;
}

/**
 * Softmax along `axis`, as `keras.layers.Softmax`. With `{ mask }` in the
 * call options (true or > 0.5 where an entry counts, broadcastable to the
 * input), masked entries are left out of the normalization and come out 0
 * (0 everywhere when a whole row is masked). Only a single integer axis is
 * supported (Keras also takes a tuple of axes).
 *
 * @example
 * ```ts
 * const sm = new Softmax();
 * sm.apply(tensor([[1, 1, 2]]));                                   // [[0.212, 0.212, 0.576]]
 * sm.apply(tensor([[1, 1, 2]]), { mask: tensor([[true, true, false]]) }); // [[0.5, 0.5, 0]]
 * ```
 */
export class Softmax extends Layer {
  static override readonly className: string = 'Softmax';
  static override readonly configKeys: readonly string[] = [...Layer.configKeys, 'axis'];

  readonly axis: number;

  constructor(options: SoftmaxOptions = {}) {
    super(options);
    this.supportsMasking = true;
    const axis = options.axis ?? -1;
    if (!Number.isInteger(axis)) {
      throw new ValueError(`Softmax '${this.name}': axis must be an integer, got ${JSON.stringify(axis)}.`);
    }
    this.axis = axis;
  }

  override call(inputs: Tensor, options: CallOptions = {}): Tensor {
    const rank = inputs.rank;
    if (this.axis >= rank || this.axis < -rank) {
      throw new ShapeError(
        `Softmax '${this.name}': axis ${this.axis} is out of range for input of shape ${shapeText(inputs.shape)}. ` +
          `Use an axis in [${-rank}, ${rank - 1}].`,
      );
    }
    const mask = options.mask;
    if (mask === undefined || mask === null) return T.softmax(inputs, this.axis);
    if (Array.isArray(mask)) {
      throw new ValueError(`Softmax '${this.name}': mask must be one tensor, got an array of ${mask.length}.`);
    }
    const ms = mask.shape;
    const fits = ms.length <= rank && ms.every((d, i) => d === 1 || d === inputs.shape[rank - ms.length + i]);
    if (!fits) {
      throw new ShapeError(
        `Softmax '${this.name}': mask of shape ${shapeText(ms)} does not broadcast to input of shape ${shapeText(inputs.shape)}. ` +
          "Each mask dimension must be 1 or the input's size, with no more dimensions than the input.",
      );
    }
    const keep = mask.dtype === 'bool' ? mask : T.greater(mask, 0.5);
    const masked = T.where(keep, inputs, -1e9);
    return T.where(keep, T.softmax(masked, this.axis), 0);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape];
  }

  override getConfig(): Config {
    return { ...super.getConfig(), axis: this.axis };
  }
}
registerSerializable(Softmax);
