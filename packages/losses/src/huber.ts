/**
 * Huber loss: quadratic for errors up to `delta`, linear beyond.
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import {
  abs,
  clipByValue,
  customGrad,
  div,
  lessEqual,
  mean,
  mul,
  neg,
  reshape,
  square,
  sub,
  type Tensor,
  type TensorInput,
  tidy,
  where,
} from '@layerwise/tensors';
import { Loss, type LossOptions } from './loss.js';
import { keptDimsShape, pairedInputs, type Save } from './utils.js';

/**
 * Options of {@link huber} and {@link Huber}.
 *
 * @example
 * ```ts
 * new Huber({ delta: 0.5 });
 * ```
 */
export interface HuberOptions {
  /** Where the loss turns from quadratic to linear: a finite number > 0 (default 1). */
  delta?: number;
}

/** `delta` if it is a finite number > 0, else a {@link ValueError}. */
function checkDelta(who: string, delta: number): number {
  if (typeof delta !== 'number' || !Number.isFinite(delta) || !(delta > 0)) {
    throw new ValueError(`${who}: delta is ${String(delta)}; expected a finite number > 0 (Keras's default is 1).`);
  }
  return delta;
}

/**
 * Keras's Huber loss over the last axis as one tape node: with `e = p - t`,
 * `where(|e| <= delta, 0.5 * e^2, delta * |e| - 0.5 * delta^2)`, averaged.
 * The derivative with respect to `e` is `clip(e, -delta, delta)` (`e` on the
 * quadratic part, `delta * sign(e)` on the linear part; the two agree at
 * `|e| = delta`), so the gradients are `dy / n * clip(e, -delta, delta)` for
 * `p` and its negation for `t`.
 */
function huberMean(delta: number): (t: Tensor, p: Tensor) => Tensor {
  // 0.5 * delta^2 in float32, as Keras computes it from a float32 delta (the product of two float32 values is
  // exact in a double, so one rounding gives the float32 product).
  const d32 = Math.fround(delta);
  const halfDeltaSquared = Math.fround(d32 * d32) * 0.5;
  return customGrad((t: Tensor, p: Tensor, save: Save) => {
    const e = sub(p, t);
    const ae = abs(e);
    save([e]);
    return {
      value: mean(where(lessEqual(ae, delta), mul(square(e), 0.5), sub(mul(ae, delta), halfDeltaSquared)), -1),
      gradFunc: (dy: Tensor, [eS]: Tensor[]) => {
        const last = eS.rank - 1;
        const g = mul(reshape(dy, keptDimsShape(eS.shape, last)), clipByValue(eS, -delta, delta));
        const gp = div(g, eS.shape[last]);
        return [neg(gp), gp];
      },
    };
  });
}

/**
 * Per-sample Huber loss over the last axis: with `e = yPred - yTrue`,
 * `mean(|e| <= delta ? 0.5 * e^2 : delta * |e| - 0.5 * delta^2)`, shape
 * `[batch, d0, ..., dN-1]` for inputs of shape `[batch, d0, ..., dN]`.
 * `delta` must be a finite number > 0 (a `ValueError` otherwise; Keras does
 * not check it). A trailing dimension of 1 on either side is squeezed or
 * added first; other shape differences raise a `ShapeError` (Keras would
 * broadcast). One node on the gradient tape with a closed-form gradient
 * (`clip(e, -delta, delta) / n` with respect to `yPred`): first-order
 * gradients only.
 *
 * @example
 * ```ts
 * huber(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]])); // [0.18, 0.13]
 * ```
 */
export function huber(yTrue: TensorInput, yPred: TensorInput, options: HuberOptions = {}): Tensor {
  const delta = checkDelta('huber', options.delta ?? 1);
  return tidy(() => {
    const [t, p] = pairedInputs('huber', yTrue, yPred);
    return huberMean(delta)(t, p);
  });
}

/**
 * The Huber loss between targets and predictions (Keras's `Huber`,
 * identifier `'huber'`; its default name is `'huber_loss'`, as in Keras):
 * for each error `e = yPred - yTrue`, `0.5 * e^2` where `|e| <= delta` and
 * `delta * |e| - 0.5 * delta^2` elsewhere, averaged over the last axis.
 * PyTorch's `HuberLoss(delta)` is the same function; its `SmoothL1Loss(beta)`
 * is this one divided by `beta`.
 *
 * @example
 * ```ts
 * const loss = new Huber({ delta: 1 });
 * loss.compute(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]])); // 0.155
 * ```
 */
export class Huber extends Loss {
  static override readonly className = 'Huber';
  static override readonly configKeys: readonly string[] = ['name', 'reduction', 'delta'];

  /** Where the loss turns from quadratic to linear. */
  readonly delta: number;

  constructor(options: HuberOptions & LossOptions = {}) {
    super(options, 'huber_loss');
    this.delta = checkDelta('Huber', options.delta ?? 1);
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return huber(yTrue, yPred, this);
  }

  override getConfig(): Config {
    return { ...super.getConfig(), delta: this.delta };
  }
}
registerSerializable(Huber);
