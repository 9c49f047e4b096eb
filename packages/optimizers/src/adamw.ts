/**
 * AdamW, exactly as Keras 3's `keras/src/optimizers/adamw.py`: Adam with
 * decoupled weight decay on by default.
 */
import { registerSerializable, ValueError } from '@layerwise/core';
import { Adam, type AdamOptions } from './adam.js';

/**
 * Options of {@link AdamW}: those of {@link Adam}, with `weightDecay`
 * defaulting to 0.004 and never `null` (a ValueError at run time, as Keras's
 * `weight_decay=None`, for configs and untyped callers).
 *
 * @example
 * ```ts
 * const options: AdamWOptions = { learningRate: 3e-4, weightDecay: 0.01 };
 * ```
 */
export interface AdamWOptions extends AdamOptions {
  /**
   * Decoupled weight decay, a number >= 0 (default 0.004): before each
   * update, `w -= w * weightDecay * learningRate`.
   */
  weightDecay?: number;
}

/**
 * The AdamW optimizer (Keras's `AdamW`, Loshchilov and Hutter's decoupled
 * weight decay): {@link Adam} (same update, slots and options) with
 * `weightDecay` 0.004 by default. The decay is the base class's, as in
 * Keras, so `excludeFromWeightDecay` works as for every optimizer:
 *
 * ```
 * w -= w * weightDecay * lr                  // then Adam's step
 * ```
 *
 * Keras differs from PyTorch here: PyTorch's `AdamW` defaults to
 * `weight_decay=0.01` and `eps=1e-8` and adds epsilon to the bias-corrected
 * `sqrt(v_hat)`; Keras uses 0.004, 1e-7 and Adam's "epsilon hat". Keras wins.
 *
 * @example
 * ```ts
 * const opt = new AdamW({ learningRate: 1e-3, weightDecay: 0.01 });
 * opt.excludeFromWeightDecay(['bias']);
 * const loss = opt.minimize(() => mean(square(sub(matMul(x, w), y))), [w, bias]);
 * ```
 */
export class AdamW extends Adam {
  static override readonly className: string = 'AdamW';

  /** The decoupled weight decay rate (never null for AdamW). */
  declare readonly weightDecay: number;

  constructor(options: AdamWOptions = {}) {
    super(withWeightDecay(options));
  }
}

/** `options` with Keras's default weight decay; rejects `null` before any variable is created. */
function withWeightDecay(options: AdamWOptions): AdamOptions {
  if (typeof options !== 'object' || options === null) return options;
  const given: unknown = options.weightDecay;
  const weightDecay = given === undefined ? 0.004 : given;
  if (weightDecay === null) {
    throw new ValueError(
      'AdamW: `weightDecay` must be a number >= 0, got null. AdamW always decays the weights; ' +
        'for Adam without weight decay use Adam.',
    );
  }
  return { ...options, weightDecay: weightDecay as number };
}

registerSerializable(AdamW);
